namespace ModelRegistry.Protocol.Embeddings;

/// <summary>A <c>POST /v1/embeddings</c> body, read by <see cref="EmbeddingRequestReader"/>.</summary>
internal sealed class EmbeddingRequest
{
    /// <summary>The requested model id (<c>provider:model</c> or a served name).</summary>
    public required string Model { get; init; }

    /// <summary>The texts to embed, in order (a single string is one input).</summary>
    public required string[] Inputs { get; init; }

    /// <summary><c>float</c> (the default, as OpenAI's) or <c>base64</c>: how the answer carries the vectors.</summary>
    public string EncodingFormat { get; init; } = EmbeddingEncoding.Float;

    /// <summary>The vector length asked for, or <see langword="null"/>.</summary>
    public int? Dimensions { get; init; }

    /// <summary>OpenAI's <c>user</c>, passed on to the provider.</summary>
    public string? User { get; init; }
}

using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The <c>GET {endpoint}/models</c> check (no tokens spent) of the OpenAI-compatible client under a served model or one of
/// its routes, whether it serves chat (<see cref="OpenAICompatibleChatClient"/>) or embeddings
/// (<see cref="OpenAICompatibleEmbeddingGenerator"/>): both send the same request (<c>ProviderHealthCheck</c>).
/// A client of another kind (the user's own <see cref="IChatClient"/>) has none.
/// </summary>
/// <param name="Client">The OpenAI-compatible client that is probed (what <c>/health</c> caches a probe under).</param>
/// <param name="CheckAsync">Sends the probe.</param>
internal readonly record struct ModelsProbe(object Client, Func<CancellationToken, Task<ChatProviderHealth>> CheckAsync)
{
    /// <summary>The probe of a chat client, or <see langword="null"/> when it is not OpenAI-compatible.</summary>
    public static ModelsProbe? Of(IChatClient client) =>
        client.GetService(typeof(OpenAICompatibleChatClient)) is OpenAICompatibleChatClient chat ? new ModelsProbe(chat, chat.CheckHealthAsync) : null;

    /// <summary>The probe of an embedding generator, or <see langword="null"/> when it is not OpenAI-compatible.</summary>
    public static ModelsProbe? Of(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService(typeof(OpenAICompatibleEmbeddingGenerator)) is OpenAICompatibleEmbeddingGenerator embeddings
            ? new ModelsProbe(embeddings, embeddings.CheckHealthAsync)
            : null;

    /// <summary>The probe of a model that is not routed: its generator for an embedding model, else its chat client.</summary>
    public static ModelsProbe? Of(ServedModel model) => model.Embeddings is { } generator ? Of(generator) : Of(model.Client);
}

namespace ModelRegistry;

/// <summary>
/// A <c>provider:model</c> pair naming an embedding model: what the generated typed ids of models whose profile says
/// <c>"kind": "embedding"</c> are, so that passing one to <c>LoadChatModel</c> (or a chat model's <see cref="ChatModelId"/>
/// to <c>LoadEmbeddingModel</c>) does not compile. The id splits at the <b>first</b> colon, as <see cref="ChatModelId"/> does.
/// </summary>
public readonly record struct EmbeddingModelId
{
    /// <summary>Creates an id from its parts.</summary>
    public EmbeddingModelId(string provider, string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(model);
        Provider = provider;
        Model = model;
    }

    /// <summary>The provider name.</summary>
    public string Provider { get; }

    /// <summary>The model id within the provider.</summary>
    public string Model { get; }

    /// <summary>Parses <c>provider:model</c>.</summary>
    public static bool TryParse(string? id, out EmbeddingModelId result)
    {
        if (id is not null && ChatModelId.TrySplit(id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model))
        {
            result = new EmbeddingModelId(provider.ToString(), model.ToString());
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Parses <c>provider:model</c>, throwing <see cref="FormatException"/> when it is not one.</summary>
    public static EmbeddingModelId Parse(string id) =>
        TryParse(id, out EmbeddingModelId result)
            ? result
            : throw new FormatException($"'{id}' is not a 'provider:model' id: the provider and the model are separated by the first ':'.");

    /// <inheritdoc/>
    public override string ToString() => $"{Provider}:{Model}";
}

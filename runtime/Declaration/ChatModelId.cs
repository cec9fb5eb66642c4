namespace ModelRegistry;

/// <summary>
/// A <c>provider:model</c> pair. The id splits at the <b>first</b> colon, so model ids may contain colons
/// (<c>ollama:llama3.1:8b</c>) while provider names may not.
/// </summary>
public readonly record struct ChatModelId
{
    /// <summary>Creates an id from its parts.</summary>
    public ChatModelId(string provider, string model)
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

    /// <summary>Splits <paramref name="id"/> at its first colon without allocating.</summary>
    /// <returns><see langword="false"/> when there is no colon or either side is empty.</returns>
    public static bool TrySplit(ReadOnlySpan<char> id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model)
    {
        int colon = id.IndexOf(':');
        if (colon <= 0 || colon == id.Length - 1)
        {
            provider = default;
            model = default;
            return false;
        }

        provider = id[..colon];
        model = id[(colon + 1)..];
        return true;
    }

    /// <summary>Parses <c>provider:model</c>.</summary>
    public static bool TryParse(string? id, out ChatModelId result)
    {
        if (id is not null && TrySplit(id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model))
        {
            result = new ChatModelId(provider.ToString(), model.ToString());
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Parses <c>provider:model</c>, throwing <see cref="FormatException"/> when it is not one.</summary>
    public static ChatModelId Parse(string id) =>
        TryParse(id, out ChatModelId result)
            ? result
            : throw new FormatException($"'{id}' is not a 'provider:model' id: the provider and the model are separated by the first ':'.");

    /// <inheritdoc/>
    public override string ToString() => $"{Provider}:{Model}";
}

namespace ModelRegistry;

/// <summary>
/// The built-in provider <c>openai-compatible</c>: any OpenAI-compatible endpoint, configured entirely from
/// <c>OPENAI_COMPATIBLE_*</c> variables (the generic-provider seed). Its display name comes from
/// <c>OPENAI_COMPATIBLE_PROVIDER_NAME</c> or is detected from the base URL (<see cref="KnownProviderHosts"/>), and it
/// needs a key only when the endpoint is a known hosted provider: an unknown server or a local one may need none.
/// </summary>
internal static class GenericProvider
{
    public const string Name = "openai-compatible";

    /// <summary>The variable the generic provider's endpoint is documented under (<c>_API_BASE</c> is accepted too).</summary>
    public const string BaseUrlVariable = "OPENAI_COMPATIBLE_BASE_URL";

    /// <summary>The generic-provider seed's switch: <c>false</c> (or <c>0</c>, <c>no</c>, <c>off</c>) disables the provider.</summary>
    public const string EnabledVariable = "OPENAI_COMPATIBLE_ENABLED";

    /// <summary>The generic-provider seed's default model: what <c>openai-compatible:</c> (no model after the colon) loads.</summary>
    public const string DefaultModelVariable = "OPENAI_COMPATIBLE_DEFAULT_MODEL";

    /// <summary>Whether <paramref name="provider"/> is the generic provider (built in, or a user declaration of its name).</summary>
    public static bool Is(ProviderInfo provider) => string.Equals(provider.Name, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="provider"/> names the generic provider, ignoring case.</summary>
    public static bool Is(ReadOnlySpan<char> provider) => provider.Equals(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws when <see cref="EnabledVariable"/> disables the generic provider (or holds no boolean); unset means enabled.</summary>
    /// <exception cref="ModelConfigurationException">The provider is disabled, or the variable is not a boolean.</exception>
    public static void EnsureEnabled()
    {
        if (ProviderEnvironment.Read(EnabledVariable) is not { } text)
        {
            return;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return;
            case "false" or "0" or "no" or "off":
                throw new ModelConfigurationException(
                    $"Provider '{Name}' is disabled by {EnabledVariable}. Unset it or set it to true to load its models.", Name, EnabledVariable);
            default:
                throw new ModelConfigurationException(
                    $"{EnabledVariable} must be true or false (or 1/0, yes/no, on/off).", Name, EnabledVariable);
        }
    }

    /// <summary>The model <c>openai-compatible:</c> loads: <see cref="DefaultModelVariable"/>.</summary>
    /// <exception cref="ModelConfigurationException">The variable is unset or empty.</exception>
    public static string DefaultModel() =>
        ProviderEnvironment.Read(DefaultModelVariable) is { Length: > 0 } model && !string.IsNullOrWhiteSpace(model)
            ? model.Trim()
            : throw new ModelConfigurationException(
                $"'{Name}:' names no model. Write '{Name}:<model>' or set {DefaultModelVariable} to the model it should load.", Name, DefaultModelVariable);

    /// <summary>Whether <paramref name="id"/> is <c>openai-compatible:</c>: the generic provider with its default model.</summary>
    public static bool IsDefaultModelId(ReadOnlySpan<char> id) =>
        id.Length == Name.Length + 1 && id[^1] == ':' && Is(id[..^1]);
}

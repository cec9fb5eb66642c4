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

    /// <summary>Whether <paramref name="provider"/> is the generic provider (built in, or a user declaration of its name).</summary>
    public static bool Is(ProviderInfo provider) => string.Equals(provider.Name, Name, StringComparison.OrdinalIgnoreCase);
}

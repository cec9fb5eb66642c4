namespace ModelRegistry;

/// <summary>
/// Which well-known provider serves a base URL: the display name the generic <c>openai-compatible</c> provider shows
/// (in <see cref="Microsoft.Extensions.AI.ChatClientMetadata.ProviderName"/> and the missing-key error) when
/// <c>OPENAI_COMPATIBLE_PROVIDER_NAME</c> is not set. The one table of hosts; the names are the built-in providers'.
/// </summary>
internal static class KnownProviderHosts
{
    /// <summary>A host (exact, or <c>*.suffix</c>), an optional port (loopback servers are told apart by port only),
    /// the provider name, and whether that provider needs an API key.</summary>
    private readonly record struct HostEntry(string Host, int? Port, string Provider, bool NeedsKey);

    private static readonly HostEntry[] Entries =
    [
        new("api.openai.com", null, "openai", true),
        new("*.openai.azure.com", null, "azure-openai", true),
        new("api.deepseek.com", null, "deepseek", true),
        new("openrouter.ai", null, "openrouter", true),
        new("api.together.xyz", null, "together", true),
        new("api.together.ai", null, "together", true),
        new("api.groq.com", null, "groq", true),
        new("api.mistral.ai", null, "mistral", true),
        new("api.fireworks.ai", null, "fireworks", true),
        new("api.x.ai", null, "xai", true),
        new("api.perplexity.ai", null, "perplexity", true),
        new("generativelanguage.googleapis.com", null, "gemini", true),

        // Local servers on their default ports.
        new("localhost", 11434, "ollama", false),
        new("localhost", 1234, "lmstudio", false),
        new("localhost", 8000, "vllm", false),
        new("localhost", 8080, "llamacpp", false),
    ];

    /// <summary>The provider that serves <paramref name="endpoint"/>, or <see langword="null"/> when the host is not a known one.</summary>
    /// <param name="endpoint">An absolute http(s) URI.</param>
    /// <param name="needsKey">Whether that provider needs an API key (false for local servers and unknown hosts).</param>
    public static string? Detect(Uri endpoint, out bool needsKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string host = endpoint.IsLoopback ? "localhost" : endpoint.IdnHost;
        foreach (HostEntry entry in Entries)
        {
            if (Matches(entry.Host, host) && (entry.Port is null || entry.Port == endpoint.Port))
            {
                needsKey = entry.NeedsKey;
                return entry.Provider;
            }
        }

        needsKey = false;
        return null;
    }

    /// <summary>An exact host, or a <c>*.suffix</c> pattern matching any subdomain (not the bare suffix).</summary>
    private static bool Matches(string pattern, string host) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern.AsSpan(1), StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
}

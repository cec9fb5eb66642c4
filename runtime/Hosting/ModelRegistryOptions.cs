namespace ModelRegistry;

/// <summary>
/// What a host configures for the models of <c>services.AddModelRegistry(...)</c>: read from the <c>ModelRegistry</c>
/// configuration section (<see cref="SectionName"/>), and open to <c>services.Configure&lt;ModelRegistryOptions&gt;(...)</c>.
/// Load-time <see cref="ChatModelSettings"/> win over these; these win over the <c>{PREFIX}_*</c> environment variables,
/// which win over the declaration.
/// </summary>
/// <example>
/// <code>
/// "ModelRegistry": {
///   "Providers": {
///     "vllm": { "BaseUrl": "http://gpu-box:8000/v1", "Timeout": 30, "Headers": { "X-Team": "search" } },
///     "openrouter": { "ApiKey": "sk-or-…", "MaxRetries": 1, "Compatibility": { "ReasoningFieldName": "reasoning" } }
///   },
///   "Routing": { "cooldown_seconds": 15, "models": { "local:assistant": { "routes": { "vllm": { "weight": 3 } } } } }
/// }
/// </code>
/// </example>
public sealed class ModelRegistryOptions
{
    /// <summary>The configuration section read by default: <c>ModelRegistry</c>.</summary>
    public const string SectionName = "ModelRegistry";

    /// <summary>The prefix of the named <see cref="HttpClient"/> each provider's requests go through
    /// (<c>ModelRegistry.vllm</c> for provider <c>vllm</c>); see <see cref="GetHttpClientName"/>.</summary>
    public const string HttpClientNamePrefix = "ModelRegistry.";

    /// <summary>Settings per provider, by provider name (compared ignoring case).</summary>
    public IDictionary<string, ModelProviderOptions> Providers { get; } =
        new Dictionary<string, ModelProviderOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Changes to the routes of routed models (the <c>Routing</c> section holds a routing overlay's content);
    /// when unset, the file named by <c>MODELREGISTRY_OVERLAY</c> (if any) applies.</summary>
    public RoutingOverlay? RoutingOverlay { get; set; }

    /// <summary>The name of the <see cref="HttpClient"/> that <see cref="System.Net.Http.IHttpClientFactory"/> gives the models of
    /// <paramref name="provider"/>: add handlers to it with <c>services.AddHttpClient(ModelRegistryOptions.GetHttpClientName("vllm"))</c>.</summary>
    /// <param name="provider">The provider's declared name.</param>
    /// <returns><see cref="HttpClientNamePrefix"/> followed by the provider's name.</returns>
    public static string GetHttpClientName(string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        return HttpClientNamePrefix + provider;
    }
}

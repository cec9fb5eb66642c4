namespace ModelRegistry;

/// <summary>
/// The configured settings of one provider (<c>ModelRegistry:Providers:{name}</c>). Each one left unset falls back to the
/// provider's <c>{PREFIX}_*</c> environment variable, then to its declaration.
/// </summary>
public sealed class ModelProviderOptions
{
    /// <summary>The endpoint (base URL ending before <c>/chat/completions</c>), an absolute http(s) URI; wins over <c>{PREFIX}_API_BASE</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key; wins over <c>{PREFIX}_API_KEY</c>. Keep it in user secrets or the environment
    /// (<c>ModelRegistry__Providers__openrouter__ApiKey</c>), not in a checked-in <c>appsettings.json</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Extra request headers; they replace declared or <c>{PREFIX}_CUSTOM_HEADERS</c> headers of the same name.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The time one request may take; wins over <c>{PREFIX}_TIMEOUT</c>. In configuration: seconds (<c>30</c>) or a
    /// time span (<c>00:00:30</c>).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How often a failed request is retried; wins over <c>{PREFIX}_MAX_RETRIES</c>. Set it to 0 when the provider's
    /// named <see cref="HttpClient"/> has a resilience handler of its own, so that no request is retried twice.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>The longest a streamed answer may stay silent; wins over <c>{PREFIX}_STREAM_IDLE_TIMEOUT</c>.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>The largest answer read, in bytes; wins over <c>{PREFIX}_MAX_RESPONSE_BYTES</c>.</summary>
    public long? MaxResponseBytes { get; set; }

    /// <summary>Changes to the compatibility options of the provider's models (in configuration, the wire spellings of the
    /// profiles: <c>"SupportedToolChoice": ["auto", "required"]</c>, <c>"ReasoningContentKeepType": "retain"</c>).</summary>
    public CompatibilityOverrides? Compatibility { get; set; }
}

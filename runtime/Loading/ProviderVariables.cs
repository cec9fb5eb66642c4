namespace ModelRegistry;

/// <summary>
/// What a load needs from a provider's declaration that never changes: the names of its environment variables and its
/// declared endpoint, parsed. Computed once per <see cref="ProviderInfo"/> (see <see cref="ProviderInfo.Variables"/>),
/// so that a load spends nothing on them; the variables' <em>values</em> are still read at every load, since they may
/// change between loads.
/// </summary>
internal sealed class ProviderVariables
{
    public ProviderVariables(ProviderInfo provider)
    {
        string prefix = provider.EnvironmentPrefix;
        ApiBase = prefix + "_API_BASE";
        BaseUrl = prefix + "_BASE_URL";
        ApiKey = prefix + "_API_KEY";
        ProviderName = prefix + "_PROVIDER_NAME";
        CustomHeaders = prefix + "_CUSTOM_HEADERS";
        Timeout = prefix + "_TIMEOUT";
        MaxRetries = prefix + "_MAX_RETRIES";
        StreamIdleTimeout = prefix + "_STREAM_IDLE_TIMEOUT";
        MaxResponseBytes = prefix + "_MAX_RESPONSE_BYTES";
        DeclaredEndpoint = provider.BaseUrl is null ? null : ProviderEnvironment.ParseHttpUri(provider.BaseUrl);
    }

    /// <summary><c>{PREFIX}_API_BASE</c>: the endpoint, first choice.</summary>
    public string ApiBase { get; }

    /// <summary><c>{PREFIX}_BASE_URL</c>: the endpoint, read only when <see cref="ApiBase"/> is unset.</summary>
    public string BaseUrl { get; }

    /// <summary><c>{PREFIX}_API_KEY</c>.</summary>
    public string ApiKey { get; }

    /// <summary><c>{PREFIX}_PROVIDER_NAME</c>: the display name.</summary>
    public string ProviderName { get; }

    /// <summary><c>{PREFIX}_CUSTOM_HEADERS</c>: a JSON object of extra headers.</summary>
    public string CustomHeaders { get; }

    /// <summary><c>{PREFIX}_TIMEOUT</c>, in seconds.</summary>
    public string Timeout { get; }

    /// <summary><c>{PREFIX}_MAX_RETRIES</c>.</summary>
    public string MaxRetries { get; }

    /// <summary><c>{PREFIX}_STREAM_IDLE_TIMEOUT</c>, in seconds.</summary>
    public string StreamIdleTimeout { get; }

    /// <summary><c>{PREFIX}_MAX_RESPONSE_BYTES</c>.</summary>
    public string MaxResponseBytes { get; }

    /// <summary>The declared <see cref="ProviderInfo.BaseUrl"/> as an absolute http(s) URI, or <see langword="null"/> when
    /// none is declared or it is not one. <see cref="Uri"/> is immutable, so every load may share it.</summary>
    public Uri? DeclaredEndpoint { get; }
}

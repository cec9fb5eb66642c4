namespace ModelRegistry;

/// <summary>
/// <c>OFFLOAD=1</c> sends all traffic away from the user's own hardware: it drops routes marked local and routes
/// whose endpoint is the local server named by <c>LOCAL_BASE_URL</c>.
/// </summary>
internal static class OffloadPolicy
{
    /// <summary>The variable that turns offloading on (<c>1</c> or <c>true</c>).</summary>
    public const string OffloadVariable = "OFFLOAD";

    /// <summary>The variable naming the local server's base URL.</summary>
    public const string LocalBaseUrlVariable = "LOCAL_BASE_URL";

    /// <summary>Whether <see cref="OffloadVariable"/> is set to <c>1</c> or <c>true</c>.</summary>
    public static bool IsOffloadRequested() =>
        ProviderEnvironment.Read(OffloadVariable) is { } value &&
        (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The URI in <see cref="LocalBaseUrlVariable"/>, or <see langword="null"/> when unset or not an absolute http(s) URI.</summary>
    public static Uri? ReadLocalBaseUrl() =>
        ProviderEnvironment.Read(LocalBaseUrlVariable) is { } text ? ProviderEnvironment.ParseHttpUri(text.Trim()) : null;

    /// <summary>
    /// Whether two endpoints name the same server: same scheme, host (ignoring case) and port (the scheme's default when
    /// none is written); the path is ignored, so <c>http://localhost:8000</c>, <c>http://localhost:8000/</c> and
    /// <c>http://LOCALHOST:8000/v1</c> match.
    /// </summary>
    public static bool IsSameServer(Uri endpoint, Uri localBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(localBaseUrl);
        return endpoint.IsAbsoluteUri && localBaseUrl.IsAbsoluteUri &&
            string.Equals(endpoint.Scheme, localBaseUrl.Scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(endpoint.IdnHost, localBaseUrl.IdnHost, StringComparison.OrdinalIgnoreCase) &&
            endpoint.Port == localBaseUrl.Port;
    }

    /// <summary>Why OFFLOAD drops <paramref name="route"/>, or <see langword="null"/> when it keeps it.</summary>
    public static string? DropReason(RouteDefinition route, Uri? localBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.IsLocal)
        {
            return "marked local";
        }

        return localBaseUrl is not null && route.Endpoint is { } endpoint && IsSameServer(endpoint, localBaseUrl)
            ? $"its endpoint is {LocalBaseUrlVariable}"
            : null;
    }
}

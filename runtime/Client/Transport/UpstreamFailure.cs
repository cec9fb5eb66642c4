using System.Net;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// The one rule for which upstream failures are transient, shared by the transport (which retries them on the same
/// endpoint) and by routing (which moves the call to another route). Transient: connection failures, timeouts and
/// 408, 409, 425, 429 and 5xx answers. Routing also counts as a failure of the route what is the route's own fault
/// but would fail again on the same endpoint: a 401/403 (the route's key is refused) and a 200 whose body is not
/// the expected JSON (a proxy's HTML page). The transport never retries those: the same key or proxy answers the same.
/// </summary>
internal static class UpstreamFailure
{
    /// <summary>Whether the same request may succeed if sent again: the server was busy, not the request wrong.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests or (HttpStatusCode)425
        || (int)status >= 500;

    /// <summary>Whether the upstream refused the credentials it was sent (the route's key, not the caller's).</summary>
    public static bool IsCredentialRefusal(HttpStatusCode? status) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>Whether the upstream answered success with a body that is not the expected JSON.</summary>
    public static bool IsUnexpectedBody(ChatProviderException exception) =>
        exception.StatusCode is { } status && (int)status is >= 200 and < 300 && exception.InnerException is JsonException;

    /// <summary>Whether another route might succeed where this one failed. The caller's own cancellation never is.</summary>
    public static bool IsRouteFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ChatProviderException provider => provider.StatusCode is not { } status
            || IsTransient(status) || IsCredentialRefusal(status) || IsUnexpectedBody(provider),
        HttpRequestException or TimeoutException or IOException or OperationCanceledException => true,
        _ => false,
    };
}

namespace ModelRegistry;

/// <summary>
/// Every route of a routed model is cooling down after failures or paused by an upstream <c>Retry-After</c>:
/// the call was not sent. Maps to HTTP 503; <see cref="RetryAfter"/> says when the first route comes back.
/// </summary>
public sealed class NoRouteAvailableException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public NoRouteAvailableException(string message, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>How long until a route may be tried again, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}

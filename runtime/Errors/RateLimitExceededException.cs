namespace ModelRegistry;

/// <summary>
/// Every route a call could take is rate limited and its waiting queue is full: the call was not sent.
/// Maps to HTTP 429; <see cref="RetryAfter"/> says when a retry may succeed.
/// </summary>
public sealed class RateLimitExceededException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public RateLimitExceededException(string message, TimeSpan? retryAfter) : base(message) => RetryAfter = retryAfter;

    /// <summary>How long to wait before retrying, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}

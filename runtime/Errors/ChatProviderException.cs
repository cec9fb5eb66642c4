using System.Net;

namespace ModelRegistry;

/// <summary>
/// A provider answered with an error: an HTTP error status, or an error object sent in the middle of a stream,
/// or a stream that ended before it was complete. Never contains the API key.
/// </summary>
public sealed class ChatProviderException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ChatProviderException(
        string message,
        string provider,
        HttpStatusCode? statusCode = null,
        string? providerMessage = null,
        string? errorCode = null,
        string? requestId = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The provider that answered.</summary>
    public string Provider { get; }

    /// <summary>The HTTP status, or <see langword="null"/> for an error raised after the response started.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's own error message.</summary>
    public string? ProviderMessage { get; }

    /// <summary>The provider's error code or type, when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The request id the provider returned (<c>x-request-id</c> and similar), when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>How long the provider asked callers to wait (<c>Retry-After</c> or <c>retry-after-ms</c>), when it said.
    /// Routing pauses the route for that long.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;

namespace ModelRegistry;

/// <summary>
/// Turns the failure of a case-1 client (the user's own <c>IChatClient</c>: OllamaSharp, the OpenAI SDK through
/// <c>AsIChatClient()</c>, …) into the <see cref="ChatProviderException"/> the library's own client throws — the provider,
/// the HTTP status where the failure carries one, <c>Retry-After</c>, the request id, a message without the API key and
/// the original as <see cref="Exception.InnerException"/> — so callers catch one type and routing reads the status the
/// same way for every route (<see cref="UpstreamFailure.IsRouteFailure"/>: 429/5xx/401/403 move on, a 400 does not).
/// </summary>
/// <remarks>
/// Where the status comes from:
/// <list type="bullet">
/// <item><see cref="ClientResultException"/> (System.ClientModel: the OpenAI and Azure SDKs): <c>Status</c>, and the raw
/// response's headers and body; status 0 means no answer came (the connection failed).</item>
/// <item><see cref="HttpRequestException"/> with a <see cref="HttpRequestException.StatusCode"/> (what
/// <c>EnsureSuccessStatusCode</c> throws; OllamaSharp does for every error status but 400).</item>
/// <item>OllamaSharp 5's <c>OllamaException</c> and <c>ModelDoesNotSupportToolsException</c>: it throws exactly these
/// for a 400 answer, with the body's <c>error</c> text as message, and they carry no status of their own, so they are
/// recognised by their full type name (no reference to OllamaSharp, no reflection over members). Its
/// <c>ResponseError</c>, the same base type, is an error inside a 200 answer and keeps no status.</item>
/// </list>
/// Left as they are: the caller's own cancellation, exceptions that are already the library's
/// (<see cref="ModelRegistryException"/>) and <see cref="ArgumentException"/>s (the call itself was malformed).
/// </remarks>
internal static class CaseOneFailure
{
    private const string OllamaException = "OllamaSharp.Models.Exceptions.OllamaException";
    private const string OllamaNoToolsException = "OllamaSharp.Models.Exceptions.ModelDoesNotSupportToolsException";

    /// <summary>Whether <paramref name="exception"/> is translated (see the remarks of the type).</summary>
    public static bool Translates(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        ModelRegistryException or ArgumentException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    /// <summary>The library's exception for the failure of the case-1 client of <paramref name="configuration"/>.</summary>
    public static ChatProviderException Translate(ChatModelConfiguration configuration, Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => FromClientResult(configuration, result),
        HttpRequestException { StatusCode: { } status } http => WithStatus(configuration, exception, status, http.Message, code: null, requestId: null, retryAfter: null),
        _ when IsOllamaBadRequest(exception) =>
            WithStatus(configuration, exception, HttpStatusCode.BadRequest, exception.Message, code: null, requestId: null, retryAfter: null),
        _ => WithoutStatus(configuration, exception),
    };

    private static ChatProviderException FromClientResult(ChatModelConfiguration configuration, ClientResultException exception)
    {
        var status = (HttpStatusCode)exception.Status;
        PipelineResponse? response = exception.GetRawResponse();
        (string? message, string? code, string? bodyRequestId) = ReadBody(response);
        string? requestId = ReadRequestId(response) ?? bodyRequestId;
        TimeSpan? retryAfter = response is null ? null
            : RetryPolicy.ReadRetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), DateTimeOffset.UtcNow);
        // The SDK's own message lists the response's headers and body; the body's error text says the same in one line.
        return WithStatus(configuration, exception, status, message ?? exception.Message, code, requestId, retryAfter);
    }

    private static ChatProviderException WithStatus(
        ChatModelConfiguration configuration, Exception inner, HttpStatusCode status, string providerMessage, string? code, string? requestId, TimeSpan? retryAfter)
    {
        string redacted = ApiKeyRedactor.Redact(providerMessage, configuration.ApiKey);
        string message = string.Create(CultureInfo.InvariantCulture,
            $"{configuration.Provider.Name} answered {(int)status} ({status}) for model '{configuration.RequestModel}': {redacted}{ProviderError.FormatCode(code)}{ProviderError.FormatRequestId(requestId)}");
        return new ChatProviderException(message, configuration.Provider.Name, status, redacted, code, requestId, inner) { RetryAfter = retryAfter };
    }

    private static ChatProviderException WithoutStatus(ChatModelConfiguration configuration, Exception inner)
    {
        string redacted = ApiKeyRedactor.Redact(inner.Message, configuration.ApiKey);
        string message = $"{configuration.Provider.Name} failed for model '{configuration.RequestModel}' ({inner.GetType().Name}): {redacted}";
        return new ChatProviderException(message, configuration.Provider.Name, statusCode: null, providerMessage: redacted, innerException: inner);
    }

    private static bool IsOllamaBadRequest(Exception exception) =>
        exception.GetType().FullName is OllamaException or OllamaNoToolsException;

    /// <summary>The error body's fields; none when there is no body or it was not buffered (a stream the SDK left unread).</summary>
    private static (string? Message, string? Code, string? RequestId) ReadBody(PipelineResponse? response)
    {
        if (response is null)
        {
            return default;
        }

        try
        {
            return ProviderError.ReadBody(response.Content.ToMemory().Span);
        }
        catch (InvalidOperationException)
        {
            // Content throws for a response whose body was never buffered; the SDK's message is used instead.
            return default;
        }
    }

    private static string? ReadRequestId(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        foreach (string name in ProviderError.RequestIdHeaderNames)
        {
            if (Header(response, name) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Header(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out string? value) ? value : null;
}

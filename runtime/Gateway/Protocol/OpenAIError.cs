using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>
/// An error in OpenAI's shape, <c>{"error":{"message","type","param","code"}}</c>, with the HTTP status it is sent with
/// and, for rate limits and unavailable routes, a <c>Retry-After</c>.
/// </summary>
internal sealed record OpenAIError(int Status, string Message, string Type, string? Code, TimeSpan? RetryAfter = null)
{
    /// <summary>The request field at fault (OpenAI's <c>param</c>), for errors about the client's request; else <see langword="null"/>.</summary>
    public string? Param { get; init; }

    /// <summary>A 400 <c>invalid_request_error</c> with <paramref name="message"/>, an optional <paramref name="code"/> and the
    /// field at fault (<paramref name="param"/>).</summary>
    public static OpenAIError BadRequest(string message, string? code = null, string? param = null) =>
        new(400, message, "invalid_request_error", code) { Param = param };

    /// <summary>The error for an exception thrown while answering, mapped to the status a client can act on.</summary>
    public static OpenAIError FromException(Exception exception) => exception switch
    {
        RateLimitExceededException limit => new(429, limit.Message, "rate_limit_error", "rate_limit_exceeded", limit.RetryAfter),
        // OpenAI's own answer to a prompt longer than the model's window, decided before any upstream call.
        ContextWindowExceededException window => BadRequest(window.Message, "context_length_exceeded", "messages"),
        NoRouteAvailableException unavailable => new(503, unavailable.Message, "service_unavailable", "no_route_available", unavailable.RetryAfter),
        ChatProviderException { StatusCode: HttpStatusCode.TooManyRequests } provider =>
            new(429, Upstream(provider), "rate_limit_error", provider.ErrorCode ?? "upstream_rate_limited", provider.RetryAfter),
        // The upstream refused the gateway's own key for it: the gateway's fault, never the client's (whose bad key is 401).
        ChatProviderException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } provider =>
            new(502, $"The upstream refused the gateway's credentials ({(int)provider.StatusCode!.Value}). {Upstream(provider)}", "upstream_error", "upstream_auth_failed"),
        // A route (or the only upstream) stayed silent past its bound.
        ChatProviderException { StatusCode: null, InnerException: TimeoutException } provider =>
            new(504, provider.Message, "timeout_error", "upstream_timeout"),
        ChatProviderException { StatusCode: { } status } provider when (int)status is >= 400 and < 500 =>
            new((int)status, Upstream(provider), "invalid_request_error", provider.ErrorCode),
        ChatProviderException provider => new(502, Upstream(provider), "upstream_error", provider.ErrorCode ?? "upstream_error"),
        ModelConfigurationException configuration => new(500, configuration.Message, "server_error", "model_not_configured"),
        TimeoutException => new(504, "The request took longer than the gateway allows.", "timeout_error", "request_timeout"),
        _ => new(500, "The gateway failed to answer: " + exception.GetType().Name, "server_error", null),
    };

    private static string Upstream(ChatProviderException exception) =>
        exception.ProviderMessage is { Length: > 0 } message ? $"Upstream {exception.Provider}: {message}" : exception.Message;

    /// <summary>Writes the error object (without framing).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", Message);
        writer.WriteString("type", Type);
        WriteStringOrNull(writer, "param"u8, Param);
        WriteStringOrNull(writer, "code"u8, Code);

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Sends the error as the whole response.</summary>
    public async Task WriteResponseAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = "application/json";
        if (RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions))
        {
            WriteTo(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}

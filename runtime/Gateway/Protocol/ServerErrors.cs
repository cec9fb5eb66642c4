using Microsoft.AspNetCore.WebUtilities;

namespace ModelRegistry.Gateway;

/// <summary>
/// OpenAI error bodies for the answers the server layer would otherwise send empty: a path nothing serves (404), a
/// method a path does not take (405), a request the server refuses while it is read (400, 408, 413), and a failure no
/// endpoint caught (500).
/// </summary>
internal static class ServerErrors
{
    /// <summary>The error for a status an endpoint set without writing a body (routing's 404 and 405).</summary>
    public static OpenAIError ForStatus(HttpContext context)
    {
        int status = context.Response.StatusCode;
        HttpRequest request = context.Request;
        return status switch
        {
            404 => new OpenAIError(404,
                $"Nothing is served at {Shown(request.Path.Value)}. The gateway serves POST /v1/chat/completions, GET /v1/models, GET /v1/providers and GET /health.",
                "invalid_request_error", "not_found"),
            405 => new OpenAIError(405, $"{Shown(request.Method)} is not allowed on {Shown(request.Path.Value)}.", "invalid_request_error", "method_not_allowed"),
            _ => ForOtherStatus(status),
        };
    }

    /// <summary>Runs the rest of the pipeline; an exception nothing caught becomes an OpenAI error body while the
    /// answer has not started (the server would send an empty 400 or 500), and so does an error status set without a
    /// body (<see cref="ForStatus"/>).</summary>
    /// <remarks>The empty-status check is what <c>UseStatusCodePages</c> does (a status from 400 to 599, nothing
    /// started, no <c>Content-Length</c> and no <c>Content-Type</c>), done here because this middleware wraps every request
    /// anyway: a second one would cost every answer another feature and another asynchronous layer.</remarks>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        try
        {
            await next(context);
            HttpResponse response = context.Response;
            if (response is { HasStarted: false, StatusCode: >= 400 and <= 599, ContentLength: null } && string.IsNullOrEmpty(response.ContentType))
            {
                await ForStatus(context).WriteResponseAsync(context);
            }
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // Kestrel's verdict on the request while it was read: a malformed or too slow body.
            await new OpenAIError(exception.StatusCode, exception.Message, "invalid_request_error", null).WriteResponseAsync(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            GatewayLog.UnhandledFailure(logger, context.Request.Path.Value ?? "", exception.GetType().Name, exception);
            await new OpenAIError(500, "The gateway failed to answer: " + exception.GetType().Name, "server_error", null).WriteResponseAsync(context);
        }
    }

    /// <summary>An exception's message on one line (an overlay's problems come one per line), for the start-up error.</summary>
    public static string OneLine(Exception exception)
    {
        string message = exception is ModelRegistryException or InvalidOperationException or IOException
            ? exception.Message
            : $"{exception.GetType().Name}: {exception.Message}";
        return string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static OpenAIError ForOtherStatus(int status) =>
        new(status, ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : $"HTTP {status}.",
            status >= 500 ? "server_error" : "invalid_request_error", null);

    /// <summary>Client text in a message, cut short.</summary>
    private static string Shown(string? text) => text switch
    {
        null or "" => "/",
        { Length: <= 200 } => text,
        _ => text[..200] + "…",
    };
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ModelRegistry.Gateway;

/// <summary>
/// The limits on a request's line and headers, answered with OpenAI's error body (414 and 431). Kestrel enforces the
/// same kind of limits itself, but before any middleware runs and with an empty body; so Kestrel's limits are raised
/// to a ceiling a few times higher and the gateway's (Kestrel's defaults) are enforced here, first in the pipeline.
/// </summary>
/// <remarks>A request beyond the ceiling still gets Kestrel's own bare answer and a closed connection: that is no client
/// that went slightly over a limit, and dropping it early is what RFC 6585 advises. The ceiling keeps what one
/// connection can make the server buffer small.</remarks>
internal static class RequestHeadLimits
{
    /// <summary>The longest request line (method, target, protocol), in bytes: Kestrel's default <c>MaxRequestLineSize</c>.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>The most header bytes (every <c>name: value</c> line), Kestrel's default <c>MaxRequestHeadersTotalSize</c>.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most header lines, Kestrel's default <c>MaxRequestHeaderCount</c>.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>How far above the gateway's limits Kestrel's own limits are set.</summary>
    private const int ServerCeilingFactor = 4;

    /// <summary>Raises Kestrel's limits to the ceiling, so requests over the gateway's limits reach <see cref="Check"/>.</summary>
    public static void RaiseServerLimits(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = ServerCeilingFactor * MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = ServerCeilingFactor * MaxHeaderBytes;
        limits.MaxRequestHeaderCount = ServerCeilingFactor * MaxHeaderCount;
    }

    /// <summary>The error for a request over a limit, or <see langword="null"/> when it is within them.</summary>
    public static OpenAIError? Check(HttpContext context)
    {
        HttpRequest request = context.Request;
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        // "METHOD target PROTOCOL\r\n", as Kestrel measures it.
        int lineBytes = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        if (lineBytes > MaxRequestLineBytes)
        {
            return new OpenAIError(414, $"The request line is {lineBytes} bytes; the gateway accepts at most {MaxRequestLineBytes}.",
                "invalid_request_error", "uri_too_long");
        }

        int lines = 0;
        int headerBytes = 0;
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
        {
            // Repeated headers arrive merged into one entry with several values: each was a line of its own.
            foreach (string? value in header.Value)
            {
                lines++;
                // "name: value\r\n".
                headerBytes += header.Key.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        if (lines > MaxHeaderCount)
        {
            return new OpenAIError(431, $"The request has {lines} header lines; the gateway accepts at most {MaxHeaderCount}.",
                "invalid_request_error", "request_header_fields_too_large");
        }

        return headerBytes > MaxHeaderBytes
            ? new OpenAIError(431, $"The request headers are {headerBytes} bytes; the gateway accepts at most {MaxHeaderBytes}.",
                "invalid_request_error", "request_header_fields_too_large")
            : null;
    }
}

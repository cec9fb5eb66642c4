using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Gateway;

/// <summary>
/// The baseline of the gateway load test: the least a reverse proxy can do — Kestrel receives the request, one pooled
/// <see cref="HttpClient"/> sends the same method, path and body bytes to the upstream, and the answer's status,
/// content type and body bytes are copied back as they arrive (no parsing, no JSON). It runs as its own process
/// (<c>gateway-load-proxy</c>), like the gateway, so both pay the same process boundaries.
/// </summary>
public static class ForwardingProxy
{
    /// <summary>Serves on <paramref name="listenUrl"/> until the process is stopped, forwarding to <paramref name="upstream"/>.</summary>
    public static async Task RunAsync(string listenUrl, Uri upstream)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listenUrl);
        WebApplication app = builder.Build();
        using HttpClient client = new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        });
        string origin = upstream.GetLeftPart(UriPartial.Authority);
        app.Run(context => ForwardAsync(context, client, origin));
        await app.RunAsync().ConfigureAwait(false);
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient client, string origin)
    {
        using HttpRequestMessage request = new(new HttpMethod(context.Request.Method), origin + context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } answerType)
        {
            context.Response.ContentType = answerType.ToString();
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}

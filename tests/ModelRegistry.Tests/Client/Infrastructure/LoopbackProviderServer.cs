using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, a free port) that answers each request with the next queued reply,
/// byte for byte with its recorded status, content type and headers, and records every request it received.
/// </summary>
public sealed class LoopbackProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ServerReply> _replies = new();
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private int _abortedCount;

    private LoopbackProviderServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to configure as the provider endpoint (ends with <c>/v1</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<CapturedRequest> Requests => _requests.ToArray();

    /// <summary>How many hanging or endless replies ended because the client went away (its request was aborted).</summary>
    public int AbortedCount => Volatile.Read(ref _abortedCount);

    public CapturedRequest SingleRequest => Assert.Single(_requests);

    public static async Task<LoopbackProviderServer> StartAsync(params ServerReply[] replies)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new LoopbackProviderServer(app);
        foreach (ServerReply reply in replies)
        {
            server.Enqueue(reply);
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public void Enqueue(ServerReply reply) => _replies.Enqueue(reply);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new CapturedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body.ToArray()));

        if (!_replies.TryDequeue(out ServerReply? reply))
        {
            context.Response.StatusCode = 599;
            return;
        }

        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            Interlocked.Increment(ref _abortedCount);
            return;
        }

        context.Response.StatusCode = reply.Status;
        if (reply.ContentType is not null)
        {
            context.Response.ContentType = reply.ContentType;
        }

        foreach (KeyValuePair<string, string> header in reply.Headers)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        foreach (byte[] piece in reply.PiecesAfterBody)
        {
            await Task.Delay(reply.PauseBeforePiece, context.RequestAborted);
            await context.Response.Body.WriteAsync(piece, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (reply.HangAfterBody)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (reply.RepeatAfterBody is { } repeat)
        {
            try
            {
                while (true)
                {
                    await context.Response.Body.WriteAsync(repeat, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(1, context.RequestAborted);
                }
            }
            catch (Exception)
            {
                // Cancelled or reset: either way the client went away.
                Interlocked.Increment(ref _abortedCount);
            }

            return;
        }

        if (reply.AbortAfterBody)
        {
            // Give the written bytes time to leave before the reset, so the client sees a stream that breaks off.
            await Task.Delay(200, context.RequestAborted);
            context.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One answer the server gives.</summary>
public sealed record ServerReply(int Status, string? ContentType, byte[] Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Never answer (to exercise timeouts and cancellation).</summary>
    public bool Hang { get; init; }

    /// <summary>Write the body, then send nothing more until the client gives up (a stream that stalls).</summary>
    public bool HangAfterBody { get; init; }

    /// <summary>After the body, send these bytes again and again, without end, until the client goes away (an endless
    /// stream); the abort is counted in <see cref="LoopbackProviderServer.AbortedCount"/>.</summary>
    public byte[]? RepeatAfterBody { get; init; }

    /// <summary>After the body, these pieces, each written and flushed after a pause of <see cref="PauseBeforePiece"/>
    /// (a stream that arrives in several network reads).</summary>
    public IReadOnlyList<byte[]> PiecesAfterBody { get; init; } = [];

    /// <summary>The pause before each of <see cref="PiecesAfterBody"/>.</summary>
    public TimeSpan PauseBeforePiece { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reset the connection after writing the body (a cut stream).</summary>
    public bool AbortAfterBody { get; init; }

    public static ServerReply Json(string json, int status = 200) => new(status, "application/json", System.Text.Encoding.UTF8.GetBytes(json));

    public static ServerReply Sse(string text) => new(200, "text/event-stream", System.Text.Encoding.UTF8.GetBytes(text));

    public static ServerReply Hanging() => new(200, null, []) { Hang = true };

    /// <summary>Send the headers and <paramref name="opening"/> (keep-alives, a role-only chunk, or nothing), then stall:
    /// an upstream that hangs after its headers, before its first content.</summary>
    public static ServerReply StalledAfterHeaders(string contentType, byte[] opening) => new(200, contentType, opening) { HangAfterBody = true };
}

/// <summary>What the client sent.</summary>
public sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

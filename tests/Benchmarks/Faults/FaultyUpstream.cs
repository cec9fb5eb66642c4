using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Benchmarks.Gateway;

namespace Benchmarks.Faults;

/// <summary>
/// Route A of the fault load test: Kestrel on loopback answering <c>POST …/chat/completions</c> with the same recorded
/// bytes as <see cref="FixtureUpstream"/>, except that every <c>1 / faultRate</c>-th request meets a fault. The faults
/// rotate through what real upstreams do: error statuses, a rejected key, a reset, a stall before the headers, a
/// proxy's HTML page with 200 and, for streams, a stall after the headers before any content, garbage events, an error
/// event, and a stream cut after its first content (the one fault a caller may see, as an error event).
/// A stall lasts until the gateway gives up on it, and never longer than <see cref="MaxStall"/>.
/// </summary>
public sealed class FaultyUpstream : IAsyncDisposable
{
    /// <summary>The longest a stalled answer waits for the gateway to abandon it: the run stays bounded whatever happens.</summary>
    public static readonly TimeSpan MaxStall = TimeSpan.FromSeconds(60);

    private static readonly FaultKind[] NonStreamingFaults =
    [
        FaultKind.Status500, FaultKind.StallBeforeHeaders, FaultKind.Status503, FaultKind.ResetBeforeHeaders,
        FaultKind.Status429, FaultKind.HtmlWith200, FaultKind.Status401,
    ];

    private static readonly FaultKind[] StreamingFaults =
    [
        FaultKind.StallBeforeHeaders, FaultKind.StallBeforeFirstContent, FaultKind.Status500, FaultKind.GarbageEvents,
        FaultKind.ResetBeforeHeaders, FaultKind.ErrorEventBeforeContent, FaultKind.Status503, FaultKind.HtmlWith200,
        FaultKind.CutAfterFirstContent, FaultKind.Status429, FaultKind.Status401,
    ];

    private readonly WebApplication _app;
    private readonly int _faultEvery;
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private int _requests;
    private int _nonStreamingFaults;
    private int _streamingFaults;

    private FaultyUpstream(WebApplication app, int faultEvery)
    {
        _app = app;
        _faultEvery = faultEvery;
    }

    /// <summary>The OpenAI base address, <c>http://127.0.0.1:{port}/v1</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many faults of each kind were injected.</summary>
    public IReadOnlyDictionary<FaultKind, int> Injected => _injected;

    /// <summary>Starts route A on a free loopback port, faulting one request in <paramref name="faultEvery"/>.</summary>
    public static async Task<FaultyUpstream> StartAsync(int faultEvery)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var upstream = new FaultyUpstream(app, Math.Max(1, faultEvery));
        app.MapPost("/{**path}", upstream.AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);
        upstream.BaseAddress = new Uri(new Uri(app.Urls.Single()), "/v1");
        return upstream;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using MemoryStream request = new();
        await context.Request.Body.CopyToAsync(request, context.RequestAborted).ConfigureAwait(false);
        bool streaming = request.GetBuffer().AsSpan(0, (int)request.Length).IndexOf("\"stream\":true"u8) >= 0;
        int number = Interlocked.Increment(ref _requests);
        if (number % _faultEvery != 0)
        {
            await WriteRecordedAsync(context, streaming).ConfigureAwait(false);
            return;
        }

        FaultKind fault = streaming
            ? StreamingFaults[(Interlocked.Increment(ref _streamingFaults) - 1) % StreamingFaults.Length]
            : NonStreamingFaults[(Interlocked.Increment(ref _nonStreamingFaults) - 1) % NonStreamingFaults.Length];
        _injected.AddOrUpdate(fault, 1, static (_, count) => count + 1);
        await InjectAsync(context, fault).ConfigureAwait(false);
    }

    private static async Task WriteRecordedAsync(HttpContext context, bool streaming)
    {
        byte[] answer = streaming ? FixtureUpstream.StreamBytes : FixtureUpstream.CompletionBytes;
        context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        if (!streaming)
        {
            context.Response.ContentLength = answer.Length;
        }

        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task InjectAsync(HttpContext context, FaultKind fault)
    {
        HttpResponse response = context.Response;
        switch (fault)
        {
            case FaultKind.Status500 or FaultKind.Status503 or FaultKind.Status429 or FaultKind.Status401:
                response.StatusCode = fault switch
                {
                    FaultKind.Status500 => 500,
                    FaultKind.Status503 => 503,
                    FaultKind.Status429 => 429,
                    _ => 401,
                };
                if (fault == FaultKind.Status429)
                {
                    response.Headers.RetryAfter = "1";
                }

                response.ContentType = "application/json";
                await response.WriteAsync("{\"error\":{\"message\":\"injected " + fault + "\",\"type\":\"server_error\",\"code\":null}}", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.ResetBeforeHeaders:
                context.Abort();
                return;
            case FaultKind.StallBeforeHeaders:
                await StallAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.HtmlWith200:
                response.ContentType = "text/html";
                await response.WriteAsync("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.StallBeforeFirstContent:
                response.ContentType = "text/event-stream";
                // Headers and a keep-alive comment go out; then nothing, as a saturated server's queue does.
                await response.Body.WriteAsync(": waiting for a slot\n\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await StallAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.GarbageEvents:
                response.ContentType = "text/event-stream";
                await response.WriteAsync("data: {\"id\":\"chatcmpl-x\",\"choices\":[{\"delta\":{\"content\"\n\ndata: <<binary>>\n\n", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.ErrorEventBeforeContent:
                response.ContentType = "text/event-stream";
                await response.WriteAsync("event: error\ndata: {\"error\":{\"message\":\"injected overload\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.CutAfterFirstContent:
                response.ContentType = "text/event-stream";
                await response.Body.WriteAsync(FirstContentEvents(), context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                // Give the written events time to leave before the reset, so the gateway sees content and then a break.
                await Task.Delay(50, context.RequestAborted).ConfigureAwait(false);
                context.Abort();
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }

    private static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(MaxStall, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The gateway gave up on this route: what a stall should end with.
        }
    }

    /// <summary>The recorded stream's events up to and including its first content-bearing one.</summary>
    private static byte[] FirstContentEvents()
    {
        string text = Encoding.UTF8.GetString(FixtureUpstream.StreamBytes);
        int content = text.IndexOf("\"content\":\"", StringComparison.Ordinal);
        while (content >= 0 && text.AsSpan(content + "\"content\":\"".Length).StartsWith("\""))
        {
            content = text.IndexOf("\"content\":\"", content + 1, StringComparison.Ordinal);
        }

        int end = content < 0 ? text.Length : text.IndexOf("\n\n", content, StringComparison.Ordinal) + 2;
        return Encoding.UTF8.GetBytes(text[..end]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A fault route A of the fault load test injects.</summary>
public enum FaultKind
{
    /// <summary>500 with an OpenAI error body.</summary>
    Status500,
    /// <summary>503 with an OpenAI error body.</summary>
    Status503,
    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    Status429,
    /// <summary>401: the route's key was refused.</summary>
    Status401,
    /// <summary>The connection is reset before any answer.</summary>
    ResetBeforeHeaders,
    /// <summary>No answer at all until the gateway gives up.</summary>
    StallBeforeHeaders,
    /// <summary>A proxy's HTML error page sent with 200.</summary>
    HtmlWith200,
    /// <summary>Stream headers and a keep-alive comment, then nothing.</summary>
    StallBeforeFirstContent,
    /// <summary>Events whose data is not JSON.</summary>
    GarbageEvents,
    /// <summary>An <c>event: error</c> before any content.</summary>
    ErrorEventBeforeContent,
    /// <summary>The stream breaks after its first content: the caller has content, so no other route may finish it.</summary>
    CutAfterFirstContent,
}

using Benchmarks.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Gateway;

/// <summary>
/// The upstream of the gateway load test: Kestrel on loopback answering every <c>POST …/chat/completions</c> with the
/// bytes of one recorded OpenAI response — the parallel tool-call completion, or the streamed text with its usage
/// chunk when the request body says <c>"stream":true</c> — so the three paths measured all fetch identical bytes.
/// </summary>
public sealed class FixtureUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FixtureUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The recorded non-streaming answer (OpenAI, gpt-4o, two parallel tool calls).</summary>
    public static byte[] CompletionBytes { get; } = File.ReadAllBytes(RepositoryPaths.Fixture("chat-completions/openai-gpt-4o-parallel-tool-calls.json"));

    /// <summary>The recorded stream (OpenAI, gpt-4o-mini, text with <c>include_usage</c>).</summary>
    public static byte[] StreamBytes { get; } = File.ReadAllBytes(RepositoryPaths.Fixture("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse"));

    /// <summary>The OpenAI base address, <c>http://127.0.0.1:{port}/v1</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the upstream on a free loopback port.</summary>
    public static async Task<FixtureUpstream> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapPost("/{**path}", AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);
        Uri bound = new(app.Urls.Single());
        return new FixtureUpstream(app, new Uri(bound, "/v1"));
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        bool streaming = body.AsSpan().IndexOf("\"stream\":true"u8) >= 0 || body.AsSpan().IndexOf("\"stream\": true"u8) >= 0;
        context.Response.StatusCode = 200;
        context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        byte[] answer = streaming ? StreamBytes : CompletionBytes;
        if (!streaming)
        {
            context.Response.ContentLength = answer.Length;
        }

        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using MemoryStream buffer = new();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

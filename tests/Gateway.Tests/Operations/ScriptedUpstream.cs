using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Gateway.Tests;

/// <summary>A real HTTP server on 127.0.0.1 whose every answer is written by the test's handler (a stream held open
/// until the test lets it finish, a <c>/models</c> that fails until told otherwise), recording each request's method and path.</summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private ScriptedUpstream(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as a route's endpoint (ends with <c>/v1</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request received, as <c>METHOD /path</c>.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public static async Task<ScriptedUpstream> StartAsync(Func<HttpContext, Task> handler)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var upstream = new ScriptedUpstream(app);
        app.Run(context =>
        {
            upstream._requests.Enqueue(context.Request.Method + " " + context.Request.Path);
            return handler(context);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return upstream;
    }

    /// <summary>A provider that answers every request with the status <paramref name="status"/> gives at the time: a list of
    /// <paramref name="model"/> when it is 200, else an OpenAI error body (a server restarting, until the test says otherwise).</summary>
    public static Task<ScriptedUpstream> ModelsWithStatusAsync(Func<int> status, string model) =>
        StartAsync(async context =>
        {
            context.Response.StatusCode = status();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Response.StatusCode == 200
                ? $$"""{"object":"list","data":[{"id":"{{model}}","object":"model"}]}"""
                : """{"error":{"message":"the server is restarting","type":"server_error"}}""");
        });

    /// <summary>Every request received other than <c>GET /v1/models</c> (which <c>/health</c> and the probes send).</summary>
    public IReadOnlyList<string> Calls => Requests.Where(r => r != "GET /v1/models").ToArray();

    /// <summary>A provider that lists its models and answers every chat call with the recorded <paramref name="fixture"/>.</summary>
    public static Task<ScriptedUpstream> AnsweringAsync(string fixture)
    {
        byte[] body = Fixtures.Bytes(fixture);
        string contentType = fixture.EndsWith(".sse", StringComparison.Ordinal) ? "text/event-stream" : "application/json";
        return StartAsync(async context =>
        {
            if (await ListsModelsAsync(context))
            {
                return;
            }

            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
    }

    /// <summary>Answers <c>GET /v1/models</c> with a model list, and says whether it did.</summary>
    public static async Task<bool> ListsModelsAsync(HttpContext context)
    {
        if (context.Request.Method != "GET" || context.Request.Path != "/v1/models")
        {
            return false;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync("""{"object":"list","data":[{"id":"served-qwen","object":"model"}]}"""u8.ToArray(), context.RequestAborted);
        return true;
    }

    /// <summary>One streamed chat completion chunk with <paramref name="content"/>.</summary>
    public static string Chunk(string content, string? finishReason = null) =>
        $$"""data: {"id":"chatcmpl-scripted","object":"chat.completion.chunk","created":1,"model":"served-qwen","choices":[{"index":0,"delta":{"role":"assistant","content":"{{content}}"},"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}]}""" + "\n\n";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

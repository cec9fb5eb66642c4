using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.ProfileRefresh.Tests;

/// <summary>Kestrel on 127.0.0.1 and a free port, answering <c>GET /v1/models</c> with a recorded body (or a status), and
/// keeping the <c>Authorization</c> header of each request.</summary>
internal sealed class LoopbackModelsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackModelsServer(WebApplication app) => _app = app;

    public List<string?> Authorizations { get; } = [];

    public Uri ModelsUri => new(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), "/v1/models");

    public static async Task<LoopbackModelsServer> StartAsync(string bodyFile, int status = 200)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new LoopbackModelsServer(app);
        byte[] body = await File.ReadAllBytesAsync(bodyFile);
        app.MapGet("/v1/models", async context =>
        {
            lock (server.Authorizations)
            {
                server.Authorizations.Add(context.Request.Headers.Authorization.FirstOrDefault());
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status == StatusCodes.Status200OK)
            {
                await context.Response.Body.WriteAsync(body);
            }
            else
            {
                await context.Response.WriteAsync("""{"error":{"message":"No auth credentials found","code":401}}""");
            }
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

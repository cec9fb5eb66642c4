using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ModelRegistry;
using ModelRegistry.Gateway;

// The OpenAI-compatible gateway: every model of the registry (routed or not) behind /v1/chat/completions.
try
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
    // Options are read from the final configuration (so test hosts and the command line can change them).
    builder.Services.AddSingleton(services => GatewayOptions.Read(services.GetRequiredService<IConfiguration>()));
    builder.Services.AddOptions<KestrelServerOptions>()
        .Configure<GatewayOptions>((kestrel, options) =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            RequestHeadLimits.RaiseServerLimits(kestrel.Limits);
        });
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<ModelCatalog>();
    builder.Services.AddSingleton<HealthEndpoint>();
    builder.Services.AddSingleton<ChatCompletionsEndpoint>();

    WebApplication app = builder.Build();

    // Load every model now: a bad overlay or a model without a usable route stops the start with a clear message.
    ModelCatalog catalog = app.Services.GetRequiredService<ModelCatalog>();
    GatewayLog.Serving(app.Logger, catalog.Models.Count, string.Join(", ", catalog.Ids));

    // First, so every answer below — the server's own 404/405 and failures included — has OpenAI's error body.
    app.Use(async (context, next) =>
    {
        if (RequestHeadLimits.Check(context) is { } tooLarge)
        {
            await tooLarge.WriteResponseAsync(context);
            return;
        }

        await ServerErrors.InvokeAsync(context, next, app.Logger);
    });
    app.UseStatusCodePages(context => ServerErrors.ForStatus(context.HttpContext).WriteResponseAsync(context.HttpContext));

    byte[][] keys = app.Services.GetRequiredService<GatewayOptions>().ApiKeys.Select(Encoding.UTF8.GetBytes).ToArray();
    if (keys.Length > 0)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1") && !IsAuthorized(context, keys))
            {
                await new OpenAIError(401, "Incorrect API key provided. Send 'Authorization: Bearer <key>' with a key from the gateway's configuration.",
                    "invalid_request_error", "invalid_api_key").WriteResponseAsync(context);
                return;
            }

            await next(context);
        });
    }

    app.MapGet("/v1/models", ModelsEndpoint.HandleAsync);
    app.MapGet("/v1/providers", ProvidersEndpoint.HandleAsync);
    app.MapGet("/health", HealthEndpoint.HandleAsync);
    app.MapPost("/v1/chat/completions", app.Services.GetRequiredService<ChatCompletionsEndpoint>().HandleAsync);
    app.Run();
    return 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // A bad overlay, a missing key, a port in use: one line that says what to fix, not a stack trace.
    Console.Error.WriteLine("ModelRegistry.Gateway cannot start: " + ServerErrors.OneLine(exception));
    return 1;
}

static bool IsAuthorized(HttpContext context, byte[][] keys)
{
    string header = context.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
    {
        return false;
    }

    byte[] presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
    bool match = false;
    foreach (byte[] key in keys)
    {
        match |= CryptographicOperations.FixedTimeEquals(presented, key);
    }

    return match;
}

/// <summary>The entry point, visible to the in-process tests (<c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;

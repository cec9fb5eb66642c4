using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ModelRegistry;
using ModelRegistry.Gateway;

// The OpenAI-compatible gateway: every model of the registry (routed or not) behind /v1/chat/completions.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
// Options are read from the final configuration (so test hosts and the command line can change them).
builder.Services.AddSingleton(services => GatewayOptions.Read(services.GetRequiredService<IConfiguration>()));
builder.Services.AddOptions<KestrelServerOptions>()
    .Configure<GatewayOptions>((kestrel, options) => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ModelCatalog>();
builder.Services.AddSingleton<HealthEndpoint>();
builder.Services.AddSingleton<ChatCompletionsEndpoint>();

WebApplication app = builder.Build();

// Load every model now: a bad overlay or a model without a usable route stops the start with a clear message.
ModelCatalog catalog = app.Services.GetRequiredService<ModelCatalog>();
GatewayLog.Serving(app.Logger, catalog.Models.Count, string.Join(", ", catalog.Ids));

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

using ModelRegistry.Gateway;
using ModelRegistry.GatewayHost;

// The OpenAI-compatible gateway over GatewayModels: every model of the registry (routed or not) behind
// /v1/chat/completions, with its settings in appsettings.json's "Gateway" section (docs/gateway.md).
// --check-overlay overlay.json (CI, before deploying an overlay) and --overlay-schema [file] (for editors) run and exit.
if (GatewayCommands.Run(args, GatewayModels.Registry, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

try
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
    builder.Services.AddModelRegistryGateway(GatewayModels.Registry);
#if GATEWAY_REDIS
    // Gateway:Redis: limits, circuits and counters shared by every instance (ModelRegistry.Gateway.Redis).
    builder.Services.AddModelRegistryGatewayRedis();
#endif
#if GATEWAY_PROMETHEUS
    // Gateway:Metrics: GET /metrics in Prometheus text (ModelRegistry.Gateway.Prometheus).
    builder.Services.AddModelRegistryGatewayPrometheus();
#endif

    WebApplication app = builder.Build();
    app.MapModelRegistryGateway();
    app.Run();
    return 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // A bad overlay, a missing key, a port in use: one line that says what to fix, not a stack trace.
    Console.Error.WriteLine(GatewayStartupFailure.Describe(exception));
    return 1;
}

/// <summary>The entry point, visible to the in-process tests (<c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;

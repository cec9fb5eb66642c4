using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>GET /metrics</c> (<see cref="GatewayOptions.MetricsEnabled"/>): Prometheus text written by OpenTelemetry's exporter
/// from the meters in <see cref="Meters"/>. The meter provider is the gateway's own, built only when metrics are on, so a
/// gateway without them pays nothing for listening to instruments. Registered by
/// <see cref="Microsoft.Extensions.DependencyInjection.GatewayPrometheusServiceCollectionExtensions.AddModelRegistryGatewayPrometheus"/>;
/// mapped by <c>MapModelRegistryGateway</c>.
/// </summary>
internal sealed class PrometheusMetricsEndpoint : IMetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The meters exported: routing (calls, fallbacks, tokens, cost, time to first token), Microsoft.Extensions.AI's
    /// GenAI conventions (the gateway's <c>UseOpenTelemetry</c> layer), ASP.NET Core's server and Kestrel instruments
    /// (<c>http.server.request.duration</c>, active requests and connections), HttpClient's upstream calls, and the runtime's.</summary>
    public static readonly string[] Meters =
    [
        RoutingTelemetry.Name,
        "Experimental.Microsoft.Extensions.AI",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>Builds the meter provider, maps the endpoint, and disposes the provider when the application stops.</summary>
    public void Map(WebApplication app)
    {
        MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(Meters)
            .AddPrometheusExporter()
            .Build();
        app.Lifetime.ApplicationStopped.Register(provider.Dispose);
        app.MapPrometheusScrapingEndpoint(Path, provider, configureBranchedPipeline: null, optionsName: null);
    }
}

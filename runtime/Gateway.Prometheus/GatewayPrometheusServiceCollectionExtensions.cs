using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelRegistry.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the gateway's Prometheus endpoint (<see cref="AddModelRegistryGatewayPrometheus"/>).</summary>
public static class GatewayPrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Makes <c>Gateway:Metrics</c> take effect: when it is on, <c>app.MapModelRegistryGateway()</c> serves <c>GET /metrics</c>,
    /// Prometheus text from OpenTelemetry's exporter (the routing meter, Microsoft.Extensions.AI's GenAI instruments,
    /// ASP.NET Core's, Kestrel's, HttpClient's and the runtime's). Without <c>Gateway:Metrics</c> it changes nothing. Call it
    /// before or after <c>AddModelRegistryGateway</c>; a host that turns <c>Gateway:Metrics</c> on without this call fails at
    /// start, naming this package.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddModelRegistryGatewayPrometheus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Mapped by MapModelRegistryGateway, so /metrics keeps its place behind the gateway's middleware.
        services.TryAddSingleton<IMetricsEndpoint, PrometheusMetricsEndpoint>();
        return services;
    }
}

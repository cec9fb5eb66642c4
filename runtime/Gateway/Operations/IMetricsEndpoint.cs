namespace ModelRegistry.Gateway;

/// <summary>
/// The seam of <c>GET /metrics</c>: the ModelRegistry.Gateway.Prometheus package registers one
/// (<c>services.AddModelRegistryGatewayPrometheus()</c>), so that this assembly does not carry OpenTelemetry and its
/// Prometheus exporter for the hosts without metrics. <c>MapModelRegistryGateway</c> maps it, when <c>Gateway:Metrics</c> is
/// on, at the place it always had among the gateway's endpoints (after the gateway's middleware).
/// </summary>
internal interface IMetricsEndpoint
{
    /// <summary>Maps <c>GET /metrics</c> on <paramref name="app"/> (and stops what it started when the application stops).</summary>
    void Map(WebApplication app);
}

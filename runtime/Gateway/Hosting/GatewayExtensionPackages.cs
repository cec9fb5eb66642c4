namespace ModelRegistry.Gateway;

/// <summary>
/// The settings served by a package of their own (ModelRegistry.Gateway.Redis, ModelRegistry.Gateway.Prometheus): set
/// without the package's call, the start fails with what to add, rather than the setting being quietly ignored.
/// </summary>
internal static class GatewayExtensionPackages
{
    public const string RedisMissing =
        "Gateway:Redis is set, but the Redis state store is not added: reference the ModelRegistry.Gateway.Redis package and call services.AddModelRegistryGatewayRedis().";

    public const string PrometheusMissing =
        "Gateway:Metrics is on, but GET /metrics is not added: reference the ModelRegistry.Gateway.Prometheus package and call services.AddModelRegistryGatewayPrometheus().";

    /// <summary>Throws <see cref="InvalidOperationException"/> for the first setting whose package's call is missing.</summary>
    public static void Check(GatewayOptions options, IServiceProvider services)
    {
        if (options.Redis is not null && services.GetService<ISharedStateStoreFactory>() is null)
        {
            throw new InvalidOperationException(RedisMissing);
        }

        if (options.MetricsEnabled && services.GetService<IMetricsEndpoint>() is null)
        {
            throw new InvalidOperationException(PrometheusMissing);
        }
    }
}

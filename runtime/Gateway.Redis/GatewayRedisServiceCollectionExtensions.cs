using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelRegistry.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the gateway's Redis state store (<see cref="AddModelRegistryGatewayRedis"/>).</summary>
public static class GatewayRedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes <c>Gateway:Redis</c> (with <c>Gateway:RedisKeyPrefix</c> and <c>Gateway:RedisTimeoutMilliseconds</c>) take
    /// effect: every gateway instance over the same Redis and key prefix shares the request and token windows, circuits,
    /// pauses, key budgets and usage counters. Without <c>Gateway:Redis</c> it changes nothing (state stays in process).
    /// Call it before or after <c>AddModelRegistryGateway</c>; a host that sets <c>Gateway:Redis</c> without this call fails
    /// at start, naming this package.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddModelRegistryGatewayRedis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Read when the gateway builds its state (GatewayRoutingState), so the order of the calls does not matter.
        services.TryAddSingleton<ISharedStateStoreFactory, RedisStoreFactory>();
        return services;
    }
}

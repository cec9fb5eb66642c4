namespace ModelRegistry.Gateway;

/// <summary>What <see cref="Microsoft.Extensions.DependencyInjection.GatewayRedisServiceCollectionExtensions.AddModelRegistryGatewayRedis"/>
/// registers: the gateway asks it for the one <see cref="RedisRoutingStateStore"/> when <c>Gateway:Redis</c> is set.</summary>
internal sealed class RedisStoreFactory : ISharedStateStoreFactory
{
    public IRoutingStateStore Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        string configuration = options.Redis ?? throw new InvalidOperationException("Gateway:Redis is not set.");
        return new RedisRoutingStateStore(configuration, options.RedisKeyPrefix, options.RedisTimeout, time, loggerFactory.CreateLogger("ModelRegistry.Gateway.Redis"));
    }
}

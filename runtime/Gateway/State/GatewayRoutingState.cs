namespace ModelRegistry.Gateway;

/// <summary>
/// The store the gateway's routed models keep their shared state in: a <see cref="RedisRoutingStateStore"/> when
/// <see cref="GatewayOptions.Redis"/> is set, else none (routing keeps everything in process, as it always has).
/// </summary>
internal sealed class GatewayRoutingState : IDisposable
{
    public GatewayRoutingState(GatewayOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        if (options.Redis is { } configuration)
        {
            Store = new RedisRoutingStateStore(configuration, options.RedisKeyPrefix, options.RedisTimeout, time, loggerFactory.CreateLogger("ModelRegistry.Gateway.Redis"));
        }
    }

    /// <summary>The shared store, or <see langword="null"/> when state is kept in process.</summary>
    public IRoutingStateStore? Store { get; }

    public void Dispose() => (Store as IDisposable)?.Dispose();
}

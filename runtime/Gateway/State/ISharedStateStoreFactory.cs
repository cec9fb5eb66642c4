namespace ModelRegistry.Gateway;

/// <summary>
/// The seam of the shared state store: the ModelRegistry.Gateway.Redis package registers one
/// (<c>services.AddModelRegistryGatewayRedis()</c>), so that this assembly does not carry StackExchange.Redis for the hosts
/// that keep their state in process. <see cref="GatewayRoutingState"/> asks it for the store when <c>Gateway:Redis</c> is set.
/// </summary>
internal interface ISharedStateStoreFactory
{
    /// <summary>The store over <see cref="GatewayOptions.Redis"/> (set), shared by the routed models and the key ledger.</summary>
    IRoutingStateStore Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggerFactory);
}

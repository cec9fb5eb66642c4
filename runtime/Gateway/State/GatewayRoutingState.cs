namespace ModelRegistry.Gateway;

/// <summary>
/// The stores of the gateway's state: with <see cref="GatewayOptions.Redis"/> set, one shared store (the one connection to
/// Redis, made by the ModelRegistry.Gateway.Redis package's <see cref="ISharedStateStoreFactory"/>) that the routed models
/// and the key ledger share; without it, none for the routes (routing keeps everything in process, as it always has) and
/// an <see cref="InProcessRoutingStateStore"/> for the ledger.
/// </summary>
internal sealed class GatewayRoutingState : IDisposable
{
    public GatewayRoutingState(GatewayOptions options, ISharedStateStoreFactory? shared, TimeProvider time, ILoggerFactory loggerFactory)
    {
        if (options.Redis is not null)
        {
            // No silent fallback to in-process state: instances the operator meant to share limits would each enforce them alone.
            Store = (shared ?? throw new InvalidOperationException(GatewayExtensionPackages.RedisMissing)).Create(options, time, loggerFactory);
        }

        Ledger = Store ?? new InProcessRoutingStateStore(time);
    }

    /// <summary>The shared store, or <see langword="null"/> when state is kept in process.</summary>
    public IRoutingStateStore? Store { get; }

    /// <summary>Where named keys' windows, spend and every call's usage live (<see cref="KeyLedger"/>): the shared store,
    /// or one in this process.</summary>
    public IRoutingStateStore Ledger { get; }

    public void Dispose() => (Store as IDisposable)?.Dispose();
}

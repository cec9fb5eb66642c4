namespace ModelRegistry;

/// <summary>What a call holds in a shared store while it runs: its grant (reconciled once with real usage, as
/// <see cref="TokenBudgetLease"/> is in process) and whether the route's circuit must hear of a success.</summary>
internal sealed class SharedRouteReservation(SharedRouteState route, WindowGrant grant, bool circuitNeedsSuccess)
{
    private int _reconciled;

    public SharedRouteState Route { get; } = route;

    /// <summary>Whether the circuit had failures or was not closed when the call was admitted: only then does a success
    /// cost a write to the store.</summary>
    public bool CircuitNeedsSuccess { get; } = circuitNeedsSuccess;

    /// <summary>Replaces the token reservation with <paramref name="actualTokens"/>; later calls do nothing.</summary>
    public void Reconcile(long actualTokens)
    {
        if (Interlocked.Exchange(ref _reconciled, 1) == 0 && grant.Windows.Any(w => w.Adjustable))
        {
            grant.Issuer.Reconcile(grant, actualTokens);
        }
    }
}

namespace ModelRegistry;

/// <summary>
/// Where routing keeps the state that several processes may share: fixed windows of units (requests, tokens) under a
/// limit, circuits with their cooldowns, half-open probes and <c>Retry-After</c> pauses, and integer counters (the gateway's
/// usage rows and spend).
/// Every change is atomic in the store — a window is never read by the caller and then written — and names are the
/// caller's own (routes use <see cref="SharedRouteState"/>'s <c>route:{model}/{route}</c>; the gateway's named keys use
/// <c>key:{name}</c> for their windows, and its ledger <c>usage:</c> and <c>spend:</c> for its counters). Two implementations: <see cref="InProcessRoutingStateStore"/>
/// (one process) and the gateway's Redis store (every instance over one Redis, the in-process store while Redis is away).
/// No method throws but for the caller's cancellation: a store that cannot reach its backend answers from process-local
/// state and says so in <see cref="Status"/>.
/// </summary>
internal interface IRoutingStateStore
{
    /// <summary>What backs the store now, for <c>/health</c>.</summary>
    RoutingStateStatus Status { get; }

    /// <summary>Checks the request's circuit (when it names one: open, paused, or half-open with its probe out turns the call
    /// away; half-open with no probe out makes this call the probe), then takes the units of every window at once, or none
    /// when one of them is full. At most one round trip to a remote store (the gateway's Redis store mostly answers from units
    /// it leased and circuits it mirrors, without one).</summary>
    ValueTask<WindowAdmission> TryAcquireAsync(WindowRequest request, CancellationToken cancellationToken);

    /// <summary>Replaces what a grant took in each of its <see cref="WindowLimit.Adjustable"/> windows with
    /// <paramref name="actualUnits"/> (real usage for a reservation), in the windows it was granted in, never below zero;
    /// a window that has ended is left alone. Not awaited.</summary>
    void Reconcile(WindowGrant grant, long actualUnits);

    /// <summary>Counts a failure against a circuit: pauses it for <see cref="CircuitFailure.Pause"/>, and opens it for the
    /// cooldown when the failures reach the threshold, when it was half-open, or when <see cref="CircuitFailure.OpenNow"/>.</summary>
    ValueTask<CircuitReading> RecordFailureAsync(string circuit, CircuitFailure failure, CancellationToken cancellationToken);

    /// <summary>Closes a circuit and clears its failures (a pause it has runs on). Not awaited.</summary>
    void RecordSuccess(string circuit);

    /// <summary>The circuit as it stands (a circuit never written reads as closed).</summary>
    ValueTask<CircuitReading> ReadCircuitAsync(string circuit, CancellationToken cancellationToken);

    /// <summary>Adds every set's increments to its counters at once (one atomic step, one round trip to a remote store); each
    /// set is kept for its <see cref="CounterAdd.KeepFor"/> after its last change. Awaited, so that once it returns every
    /// process sharing the store reads the new sums (a budget spent through one instance refuses the key on the next).
    /// Counters are integers (money in picodollars), added exactly: no floating point anywhere in between.</summary>
    ValueTask AddCountersAsync(IReadOnlyList<CounterAdd> sets, CancellationToken cancellationToken);

    /// <summary>One counter set by its exact name (empty when it was never written or has expired). One round trip.</summary>
    ValueTask<IReadOnlyDictionary<string, long>> ReadCounterSetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every counter set whose name starts with <paramref name="prefix"/>, by name: a read-out (a remote store scans
    /// its keys for it), not for a request's path.</summary>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ReadCountersAsync(string prefix, CancellationToken cancellationToken);
}

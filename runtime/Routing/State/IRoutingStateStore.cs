namespace ModelRegistry;

/// <summary>
/// Where routing keeps the state that several processes may share: fixed windows of units (requests, tokens) under a
/// limit, circuits with their cooldowns, half-open probes and <c>Retry-After</c> pauses, and counters (usage, spend).
/// Every change is atomic in the store — a window is never read by the caller and then written — and names are the
/// caller's own (routes use <see cref="SharedRouteState"/>'s <c>route:{model}/{route}</c>; anything else, such as a
/// named key's windows and budget, may use its own prefix). Two implementations: <see cref="InProcessRoutingStateStore"/>
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
    /// when one of them is full. One round trip to a remote store.</summary>
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

    /// <summary>Adds each increment to the named counter set, which is kept for <paramref name="keepFor"/> after its last
    /// change. Not awaited.</summary>
    void AddCounters(string name, IReadOnlyList<KeyValuePair<string, double>> increments, TimeSpan keepFor);

    /// <summary>Every counter set whose name starts with <paramref name="prefix"/>, by name.</summary>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> ReadCountersAsync(string prefix, CancellationToken cancellationToken);
}

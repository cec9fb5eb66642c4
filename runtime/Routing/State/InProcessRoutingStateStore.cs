namespace ModelRegistry;

/// <summary>
/// <see cref="IRoutingStateStore"/> in one process: the windows, circuits and counters in dictionaries under one lock,
/// with the same rules as the gateway's Redis store (which falls back to this one while Redis is away). Entries are
/// dropped once they expire, swept as new ones arrive.
/// </summary>
internal sealed class InProcessRoutingStateStore(TimeProvider time) : IRoutingStateStore
{
    /// <summary>How many new entries arrive between two sweeps of the expired ones.</summary>
    private const int SweepEvery = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Used, long ExpiresAt)> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CircuitEntry> _circuits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Dictionary<string, long> Values, long ExpiresAt)> _counters = new(StringComparer.Ordinal);
    private int _sinceSweep;

    public RoutingStateStatus Status => new("in-process", IsShared: false, Detail: null);

    public ValueTask<WindowAdmission> TryAcquireAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long now = Now();
            CircuitReading circuit = default;
            bool probe = false;
            if (request.Circuit is { } name)
            {
                CircuitEntry entry = Circuit(name, now);
                circuit = entry.Read();
                long blocked = Math.Max(entry.OpenUntil, entry.PausedUntil);
                if (blocked <= now && entry.OpenUntil > 0)
                {
                    if (entry.ProbeUntil > now)
                    {
                        blocked = entry.ProbeUntil;
                    }
                    else
                    {
                        probe = true;
                    }
                }

                if (blocked > now)
                {
                    return new(new WindowAdmission(false, null, DateTimeOffset.FromUnixTimeMilliseconds(blocked), false, circuit, null));
                }
            }

            for (int i = 0; i < request.Windows.Length; i++)
            {
                WindowLimit window = request.Windows[i];
                if (Used(window, now) + window.ClampedUnits > window.Limit)
                {
                    return new(new WindowAdmission(false, window.LeftAt(now), null, false, circuit, null, i));
                }
            }

            foreach (WindowLimit window in request.Windows)
            {
                string key = Key(window, now);
                long used = Used(window, now);
                _windows[key] = (used + window.ClampedUnits, now + 2 * window.LengthMilliseconds);
                Swept(now);
            }

            if (probe)
            {
                CircuitEntry entry = Circuit(request.Circuit!, now);
                _circuits[request.Circuit!] = entry with { ProbeUntil = now + (long)request.ProbeLease.TotalMilliseconds };
            }

            return new(new WindowAdmission(true, null, null, probe, circuit, new WindowGrant(this, request.Windows, now)));
        }
    }

    public void Reconcile(WindowGrant grant, long actualUnits)
    {
        lock (_gate)
        {
            long now = Now();
            foreach (WindowLimit window in grant.Windows)
            {
                string key = Key(window, grant.AtMilliseconds);
                if (window.Adjustable && _windows.TryGetValue(key, out (long Used, long ExpiresAt) entry) && entry.ExpiresAt > now)
                {
                    _windows[key] = (Math.Max(0, entry.Used + actualUnits - window.ClampedUnits), entry.ExpiresAt);
                }
            }
        }
    }

    public ValueTask<CircuitReading> RecordFailureAsync(string circuit, CircuitFailure failure, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long now = Now();
            CircuitEntry entry = Circuit(circuit, now);
            long pausedUntil = entry.PausedUntil;
            if (failure.Pause is { } pause && pause > TimeSpan.Zero && now + (long)pause.TotalMilliseconds > pausedUntil)
            {
                pausedUntil = now + (long)pause.TotalMilliseconds;
            }

            int failures = entry.Failures + 1;
            bool halfOpen = entry.OpenUntil > 0 && entry.OpenUntil <= now;
            long openUntil = entry.OpenUntil;
            long probeUntil = entry.ProbeUntil;
            bool opened = false;
            if (failure.OpenNow || halfOpen || failures >= Math.Max(1, failure.Threshold))
            {
                opened = openUntil <= now;
                openUntil = now + (long)failure.Cooldown.TotalMilliseconds;
                probeUntil = 0;
            }

            var updated = new CircuitEntry(openUntil, pausedUntil, failures, probeUntil, now + (long)TimeSpan.FromDays(1).TotalMilliseconds);
            _circuits[circuit] = updated;
            Swept(now);
            return new(updated.Read() with { OpenedNow = opened });
        }
    }

    public void RecordSuccess(string circuit)
    {
        lock (_gate)
        {
            long now = Now();
            CircuitEntry entry = Circuit(circuit, now);
            if (entry.PausedUntil > now)
            {
                _circuits[circuit] = new CircuitEntry(0, entry.PausedUntil, 0, 0, entry.ExpiresAt);
            }
            else
            {
                _circuits.Remove(circuit);
            }
        }
    }

    public ValueTask<CircuitReading> ReadCircuitAsync(string circuit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(Circuit(circuit, Now()).Read());
        }
    }

    public ValueTask AddCountersAsync(IReadOnlyList<CounterAdd> sets, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long now = Now();
            for (int n = 0; n < sets.Count; n++)
            {
                CounterAdd add = sets[n];
                if (!_counters.TryGetValue(add.Name, out (Dictionary<string, long> Values, long ExpiresAt) set) || set.ExpiresAt <= now)
                {
                    set = (new Dictionary<string, long>(StringComparer.Ordinal), 0);
                    Swept(now);
                }

                // Indexed: a foreach over the IReadOnlyList would box an enumerator for every set of every charge.
                IReadOnlyList<KeyValuePair<string, long>> increments = add.Increments;
                for (int i = 0; i < increments.Count; i++)
                {
                    (string counter, long value) = increments[i];
                    set.Values[counter] = set.Values.GetValueOrDefault(counter) + value;
                }

                _counters[add.Name] = (set.Values, now + (long)add.KeepFor.TotalMilliseconds);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<string, long>> ReadCounterSetAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_counters.TryGetValue(name, out (Dictionary<string, long> Values, long ExpiresAt) set) && set.ExpiresAt > Now()
                ? new Dictionary<string, long>(set.Values, StringComparer.Ordinal)
                : new Dictionary<string, long>(StringComparer.Ordinal));
        }
    }

    public ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ReadCountersAsync(string prefix, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long now = Now();
            var found = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
            foreach ((string name, (Dictionary<string, long> values, long expiresAt)) in _counters)
            {
                if (expiresAt > now && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found[name] = new Dictionary<string, long>(values, StringComparer.Ordinal);
                }
            }

            return new(found);
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Key(WindowLimit window, long at) => window.Name + ":" + window.Index(at).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private long Used(WindowLimit window, long now) =>
        _windows.TryGetValue(Key(window, now), out (long Used, long ExpiresAt) entry) && entry.ExpiresAt > now ? entry.Used : 0;

    private CircuitEntry Circuit(string name, long now) =>
        _circuits.TryGetValue(name, out CircuitEntry entry) && entry.ExpiresAt > now ? entry : default;

    /// <summary>Drops expired entries every <see cref="SweepEvery"/> new ones, so names that are never used again do not pile up.</summary>
    private void Swept(long now)
    {
        if (++_sinceSweep < SweepEvery)
        {
            return;
        }

        _sinceSweep = 0;
        foreach (string key in _windows.Where(w => w.Value.ExpiresAt <= now).Select(w => w.Key).ToList())
        {
            _windows.Remove(key);
        }

        foreach (string key in _circuits.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList())
        {
            _circuits.Remove(key);
        }

        foreach (string key in _counters.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList())
        {
            _counters.Remove(key);
        }
    }

    /// <summary>A circuit: Unix milliseconds, 0 for none.</summary>
    private readonly record struct CircuitEntry(long OpenUntil, long PausedUntil, int Failures, long ProbeUntil, long ExpiresAt)
    {
        public CircuitReading Read() => new(CircuitReading.At(OpenUntil), CircuitReading.At(PausedUntil), Failures, OpenedNow: false);
    }
}

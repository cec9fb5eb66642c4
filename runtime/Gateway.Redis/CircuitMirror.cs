namespace ModelRegistry.Gateway;

/// <summary>
/// This instance's copy of the shared circuits in Redis, so that a request on a closed route (or one whose cooldown or
/// pause is running) is admitted or turned away without a round trip. It is kept current from every answer Redis gives
/// about a circuit (admissions, failures, successes, reads), from the other instances' change notices (pub/sub, see
/// <see cref="RedisRoutingStateStore"/>), and by a background read once an entry is older than
/// <see cref="RedisRoutingStateStore"/>'s refresh interval (so a lost notice costs at most that long). A circuit never
/// seen, or half-open with no probe known to be out, is not answered here: the probe is decided in Redis.
/// </summary>
internal sealed class CircuitMirror
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refreshing = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The number of a command about to be sent whose answer updates the mirror: a later command's answer is
    /// never overwritten by an earlier one's that completed after it.</summary>
    public long Next() => Interlocked.Increment(ref _sequence);

    /// <summary>What the mirror says of <paramref name="name"/> at <paramref name="now"/>.</summary>
    public CircuitView Decide(string name, long now, long staleAfter)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out Entry entry))
            {
                return new CircuitView(Known: false, BlockedUntil: 0, Stale: true, default);
            }

            long blocked = Math.Max(entry.OpenUntil, entry.PauseUntil);
            if (blocked <= now && entry.OpenUntil > 0)
            {
                // Half-open: blocked while a probe is known to be out, else Redis decides who probes.
                blocked = entry.ProbeUntil;
            }

            bool known = entry.OpenUntil <= 0 || entry.OpenUntil > now || blocked > now;
            var reading = new CircuitReading(CircuitReading.At(entry.OpenUntil), CircuitReading.At(entry.PauseUntil), entry.Failures, OpenedNow: false);
            return new CircuitView(known, blocked > now ? blocked : 0, now - entry.ConfirmedAt > staleAfter, reading);
        }
    }

    /// <summary>Records what Redis answered (Unix milliseconds, 0 for none; <paramref name="probeUntil"/> null when the
    /// answer did not say) for the command numbered <paramref name="sequence"/>.</summary>
    public void Update(string name, long sequence, long openUntil, long pauseUntil, long? probeUntil, int failures, long now)
    {
        lock (_gate)
        {
            _entries.TryGetValue(name, out Entry entry);
            if (sequence >= entry.Sequence)
            {
                _entries[name] = new Entry(openUntil, pauseUntil, probeUntil ?? (openUntil == entry.OpenUntil ? entry.ProbeUntil : 0), failures, now, sequence);
            }
        }
    }

    /// <summary>A success this instance recorded: closed, no failures, a running pause kept.</summary>
    public void Closed(string name, long sequence, long now)
    {
        lock (_gate)
        {
            _entries.TryGetValue(name, out Entry entry);
            if (sequence >= entry.Sequence)
            {
                _entries[name] = new Entry(0, entry.PauseUntil, 0, 0, now, sequence);
            }
        }
    }

    /// <summary>Whether this caller should read <paramref name="name"/> again (no other read of it is under way).</summary>
    public bool TryStartRefresh(string name)
    {
        lock (_gate)
        {
            return _refreshing.Add(name);
        }
    }

    public void EndRefresh(string name)
    {
        lock (_gate)
        {
            _refreshing.Remove(name);
        }
    }

    /// <summary>Forgets every circuit (after an outage: what Redis holds now is unknown).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private readonly record struct Entry(long OpenUntil, long PauseUntil, long ProbeUntil, int Failures, long ConfirmedAt, long Sequence);
}

/// <summary>What <see cref="CircuitMirror"/> says of a circuit.</summary>
/// <param name="Known">Whether the mirror can answer: closed, or blocked until <paramref name="BlockedUntil"/>; otherwise
/// (never seen, or half-open with no probe known to be out) Redis must.</param>
/// <param name="BlockedUntil">Until when it turns calls away (open, paused, or its probe out), or 0.</param>
/// <param name="Stale">Whether the entry is older than the refresh interval (or missing): read it again in the background.</param>
/// <param name="Reading">The circuit as mirrored.</param>
internal readonly record struct CircuitView(bool Known, long BlockedUntil, bool Stale, CircuitReading Reading);

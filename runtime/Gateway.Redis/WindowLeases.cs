namespace ModelRegistry.Gateway;

/// <summary>
/// The units this instance holds of the shared windows in Redis, so that a call is admitted without a round trip. Per
/// window (by name; a lease belongs to one window number and is forgotten when the window ends) the instance leases units
/// from Redis in batches (<see cref="RedisRoutingScripts.Lease"/>), grants calls from them locally, all windows of a call
/// or none, and tops the lease up in the background before it runs out; a call waits for Redis only when its lease is
/// empty. The batch adapts to this instance's rate (about <see cref="Horizon"/> of its demand), is at most an eighth of
/// the limit, and never more than half of what the window has left beyond the call's own need, so the last units of a
/// window are taken one call at a time by whichever instance needs them. Redis counts every leased unit: the grants of
/// all instances together never exceed the limit. Units a lease holds unused go back to Redis once it has been idle for
/// <see cref="IdleReturn"/>, or when another instance found the window full (<see cref="TakeUnused"/>).
/// </summary>
internal sealed class WindowLeases
{
    /// <summary>How much of this instance's own demand one batch covers.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a lease grants nothing before its unused units go back to Redis.</summary>
    public static readonly TimeSpan IdleReturn = TimeSpan.FromSeconds(1);

    /// <summary>The largest batch, as a fraction of the limit: an instance never sits on much of a window.</summary>
    private const int LargestShare = 8;

    /// <summary>Rounds after which a call that keeps losing its refilled units to concurrent calls gives up (refused):
    /// never reached in practice, as every round either grants, waits for another's refill, or spends Redis units.</summary>
    private const int MaxRounds = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Func<LeaseRefill[], Task<LeaseRefillAnswer?>> _refill;

    /// <param name="time">The clock windows are numbered from.</param>
    /// <param name="refill">Runs a refill in Redis: <see langword="null"/> when Redis could not be reached.</param>
    public WindowLeases(TimeProvider time, Func<LeaseRefill[], Task<LeaseRefillAnswer?>> refill)
    {
        _time = time;
        _refill = refill;
    }

    /// <summary>Takes every window's units of a call from the leases, refilling them from Redis when they lack.</summary>
    public async ValueTask<LeaseOutcome> AcquireAsync(WindowLimit[] windows, CancellationToken cancellationToken)
    {
        LeaseOutcome? refused = null;
        for (int round = 0; round < MaxRounds; round++)
        {
            long now = Now();
            Task? wait = null;
            LeaseRefill[]? refill = null;
            int[]? positions = null;
            TaskCompletionSource? mine = null;
            LeaseRefill[]? topUp = null;
            TaskCompletionSource? topUpDone = null;
            lock (_gate)
            {
                int lacking = 0;
                List<Task>? inFlight = null;
                for (int i = 0; i < windows.Length; i++)
                {
                    Lease lease = Current(windows[i], now);
                    if (lease.Available < windows[i].ClampedUnits)
                    {
                        lacking++;
                        if (lease.Refilling is { } pending)
                        {
                            (inFlight ??= []).Add(pending.Task);
                        }
                    }
                }

                if (lacking == 0)
                {
                    for (int i = 0; i < windows.Length; i++)
                    {
                        _leases[windows[i].Name].Grant(windows[i].ClampedUnits, now);
                    }

                    (topUp, topUpDone) = PlanTopUp(windows, now);
                }
                else if (inFlight is not null)
                {
                    wait = inFlight.Count == 1 ? inFlight[0] : Task.WhenAll(inFlight);
                }
                else if (refused is { } answer)
                {
                    // This call's own refill found a window full, and no other refill is on its way: refused.
                    return answer;
                }
                else
                {
                    (refill, positions, mine) = PlanRefill(windows, lacking, now);
                }
            }

            if (topUp is not null)
            {
                _ = RunAsync(topUp, topUpDone!);
                return new LeaseOutcome(LeaseResult.Granted, now, null, null);
            }

            if (wait is null && refill is null)
            {
                return new LeaseOutcome(LeaseResult.Granted, now, null, null);
            }

            if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            LeaseRefillAnswer? got = await RunAsync(refill!, mine!).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (got is not { } reached)
            {
                return new LeaseOutcome(LeaseResult.Unreachable, now, null, null);
            }

            if (reached.FullWindow >= 0)
            {
                refused = new LeaseOutcome(LeaseResult.Full, now, reached.RetryAfter, positions![reached.FullWindow]);
            }
        }

        long at = Now();
        return refused ?? new LeaseOutcome(LeaseResult.Full, at, windows[0].LeftAt(at), 0);
    }

    /// <summary>Gives a grant's units back to its leases (the call was turned away after all: its circuit).</summary>
    public void Release(WindowLimit[] windows, long at)
    {
        lock (_gate)
        {
            foreach (WindowLimit window in windows)
            {
                if (_leases.TryGetValue(window.Name, out Lease? lease) && lease.Index == window.Index(at))
                {
                    lease.Granted = Math.Max(0, lease.Granted - window.ClampedUnits);
                }
            }
        }
    }

    /// <summary>Changes what a grant took in <paramref name="window"/> by <paramref name="change"/> (real usage less the
    /// reservation): units given back stay in the lease for the next calls; units used beyond the lease are returned, to
    /// be added in Redis (they were used, as a reconciliation in one process adds them). A window that has ended is left
    /// alone.</summary>
    public long Reconcile(WindowLimit window, long at, long change)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(window.Name, out Lease? lease) || lease.Index != window.Index(at))
            {
                return 0;
            }

            lease.Granted = Math.Max(0, lease.Granted + change);
            long beyond = lease.Granted - lease.Leased;
            if (beyond <= 0)
            {
                return 0;
            }

            lease.Leased = lease.Granted;
            return beyond;
        }
    }

    /// <summary>The unused units of leases idle for <see cref="IdleReturn"/> (to give back to Redis), taken out of them;
    /// leases of windows that ended are forgotten.</summary>
    public List<UnusedUnits> TakeIdle()
    {
        long now = Now();
        var unused = new List<UnusedUnits>();
        lock (_gate)
        {
            List<string>? ended = null;
            foreach ((string name, Lease lease) in _leases)
            {
                if (lease.Index < lease.Window.Index(now))
                {
                    if (lease.Refilling is null)
                    {
                        (ended ??= []).Add(name);
                    }
                }
                else if (now - lease.LastGrantAt >= (long)IdleReturn.TotalMilliseconds)
                {
                    Take(lease, unused);
                }
            }

            foreach (string name in ended ?? [])
            {
                _leases.Remove(name);
            }
        }

        return unused;
    }

    /// <summary>The unused units of a window's lease, taken out of it: another instance found the window full. A lease
    /// that granted within <see cref="Horizon"/> keeps them (its own calls are about to use them).</summary>
    public UnusedUnits? TakeUnused(string name, long index)
    {
        long now = Now();
        lock (_gate)
        {
            var unused = new List<UnusedUnits>(1);
            if (_leases.TryGetValue(name, out Lease? lease) && lease.Index == index && now - lease.LastGrantAt >= (long)Horizon.TotalMilliseconds)
            {
                Take(lease, unused);
            }

            return unused.Count > 0 ? unused[0] : null;
        }
    }

    /// <summary>Every lease's unused units of the current windows, taken out (the store is closing).</summary>
    public List<UnusedUnits> TakeAll()
    {
        long now = Now();
        var unused = new List<UnusedUnits>();
        lock (_gate)
        {
            foreach (Lease lease in _leases.Values)
            {
                if (lease.Index == lease.Window.Index(now))
                {
                    Take(lease, unused);
                }
            }
        }

        return unused;
    }

    /// <summary>What this instance holds of a window now (leased, granted), for tests and diagnostics.</summary>
    internal (long Leased, long Granted) Held(string name)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(name, out Lease? lease) && lease.Index == lease.Window.Index(Now()) ? (lease.Leased, lease.Granted) : (0, 0);
        }
    }

    private static void Take(Lease lease, List<UnusedUnits> unused)
    {
        long available = lease.Available;
        if (available > 0 && lease.Refilling is null)
        {
            lease.Leased -= available;
            lease.Exhausted = false;
            unused.Add(new UnusedUnits(lease.Window, lease.Index, available));
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The lease of the window as it stands at <paramref name="now"/> (a new one when its window ended).</summary>
    private Lease Current(WindowLimit window, long now)
    {
        long index = window.Index(now);
        if (!_leases.TryGetValue(window.Name, out Lease? lease))
        {
            _leases[window.Name] = lease = new Lease(window, index, now);
        }
        else if (lease.Index != index)
        {
            lease.Restart(window, index, now);
        }

        lease.Window = window;
        if (window.ClampedUnits > 0)
        {
            lease.Unit = window.ClampedUnits;
        }

        return lease;
    }

    /// <summary>The refill of the call's lacking windows (none of them has one under way), marked as under way.</summary>
    private (LeaseRefill[], int[], TaskCompletionSource) PlanRefill(WindowLimit[] windows, int lacking, long now)
    {
        var refill = new LeaseRefill[lacking];
        var positions = new int[lacking];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int at = 0;
        for (int i = 0; i < windows.Length; i++)
        {
            Lease lease = _leases[windows[i].Name];
            long need = windows[i].ClampedUnits - lease.Available;
            if (need > 0)
            {
                lease.Refilling = done;
                refill[at] = new LeaseRefill(windows[i], lease.Index, need, lease.Batch(need, now), lease.Unit);
                positions[at++] = i;
            }
        }

        return (refill, positions, done);
    }

    /// <summary>After a grant: the background top-up of every lease running low (none under way, the window not found
    /// spent), marked as under way; <see langword="null"/> when none is.</summary>
    private (LeaseRefill[]?, TaskCompletionSource?) PlanTopUp(WindowLimit[] windows, long now)
    {
        List<LeaseRefill>? topUp = null;
        TaskCompletionSource? done = null;
        foreach (WindowLimit window in windows)
        {
            Lease lease = _leases[window.Name];
            long batch = lease.Batch(lease.Unit, now);
            if (lease.Refilling is null && !lease.Exhausted && lease.Available < Math.Max(lease.Unit, batch / 2))
            {
                done ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lease.Refilling = done;
                (topUp ??= []).Add(new LeaseRefill(window, lease.Index, 0, batch, lease.Unit));
            }
        }

        return (topUp?.ToArray(), done);
    }

    /// <summary>Runs a refill and adds what it took to the leases (if their windows have not ended meanwhile).</summary>
    private async Task<LeaseRefillAnswer?> RunAsync(LeaseRefill[] refill, TaskCompletionSource done)
    {
        LeaseRefillAnswer? answer = null;
        try
        {
            answer = await _refill(refill).ConfigureAwait(false);
        }
        finally
        {
            long now = Now();
            lock (_gate)
            {
                for (int i = 0; i < refill.Length; i++)
                {
                    if (!_leases.TryGetValue(refill[i].Window.Name, out Lease? lease) || lease.Refilling != done)
                    {
                        continue;
                    }

                    lease.Refilling = null;
                    if (lease.Index != refill[i].Index || answer is not { } got)
                    {
                        continue;
                    }

                    long taken = got.FullWindow < 0 ? got.Taken[i] : 0;
                    lease.Leased += taken;
                    lease.Refilled(now);
                    // A top-up that got nothing, or a window found full: no more background top-ups in this window (calls
                    // still ask Redis for their own need).
                    if (taken == 0 || got.FullWindow == i)
                    {
                        lease.Exhausted = true;
                    }
                }
            }

            done.TrySetResult();
        }

        return answer;
    }

    /// <summary>One window's lease. Guarded by <see cref="_gate"/>.</summary>
    private sealed class Lease(WindowLimit window, long index, long now)
    {
        public WindowLimit Window { get; set; } = window;

        public long Index { get; private set; } = index;

        /// <summary>Units taken from Redis for this window.</summary>
        public long Leased { get; set; }

        /// <summary>Units granted to calls (less what reconciliations gave back).</summary>
        public long Granted { get; set; }

        public long Available => Leased - Granted;

        /// <summary>The refill under way, if any (one per lease at a time; calls that lack units wait for it).</summary>
        public TaskCompletionSource? Refilling { get; set; }

        /// <summary>Whether a refill found the window spent (no background top-ups until the next window).</summary>
        public bool Exhausted { get; set; }

        /// <summary>The units of the latest call: batches are whole multiples of it, so no call's units are split.</summary>
        public long Unit { get; set; } = 1;

        public long LastGrantAt { get; private set; } = now;

        /// <summary>Units granted per second, from the demand between refills (kept across windows).</summary>
        private double _rate;
        private long _demand;
        private long _demandAtRefill;
        private long _refilledAt = now;

        public void Grant(long units, long now)
        {
            Granted += units;
            _demand += units;
            LastGrantAt = now;
        }

        public void Refilled(long now)
        {
            long elapsed = now - _refilledAt;
            if (elapsed > 0)
            {
                double sample = (_demand - _demandAtRefill) * 1000.0 / elapsed;
                _rate = _rate == 0 ? sample : (_rate + sample) / 2;
                _demandAtRefill = _demand;
                _refilledAt = now;
            }
        }

        /// <summary>The batch to ask for, at least <paramref name="need"/>: about <see cref="Horizon"/> of demand, at most
        /// an eighth of the limit.</summary>
        public long Batch(long need, long now)
        {
            double rate = _rate;
            if (now - _refilledAt > (long)Horizon.TotalMilliseconds && now > _refilledAt)
            {
                // No refill for a while: the demand since then, not an old burst, sets the size.
                rate = Math.Min(rate, (_demand - _demandAtRefill) * 1000.0 / (now - _refilledAt));
            }

            long wanted = (long)Math.Ceiling(rate * Horizon.TotalSeconds);
            return Math.Max(need, Math.Min(wanted, Math.Max(1, Window.Limit / LargestShare)));
        }

        public void Restart(WindowLimit window, long index, long now)
        {
            Window = window;
            Index = index;
            Leased = 0;
            Granted = 0;
            Exhausted = false;
            // A refill of the ended window that completes later finds Refilling changed and leaves this lease alone.
            Refilling = null;
            LastGrantAt = now;
        }
    }
}

/// <summary>One window of a refill: take <paramref name="Need"/> units (or nothing, when they do not fit) and up to
/// <paramref name="Want"/> in all, in whole multiples of <paramref name="Unit"/> beyond the need.</summary>
internal readonly record struct LeaseRefill(WindowLimit Window, long Index, long Need, long Want, long Unit);

/// <summary>What a refill got: per window the units taken, or the first window (index into the refill) that could not
/// give its need, and how long until that window ends.</summary>
internal readonly record struct LeaseRefillAnswer(int FullWindow, TimeSpan RetryAfter, long[] Taken);

/// <summary>Units a lease gives back to its window in Redis.</summary>
internal readonly record struct UnusedUnits(WindowLimit Window, long Index, long Units);

internal enum LeaseResult
{
    Granted,
    Full,
    Unreachable,
}

/// <summary>What <see cref="WindowLeases.AcquireAsync"/> got.</summary>
/// <param name="Result">Granted, refused by a full window, or Redis unreachable (the caller answers in process).</param>
/// <param name="AtMilliseconds">When it was granted (the windows' numbers).</param>
/// <param name="RetryAfter">When refused: until the full window ends.</param>
/// <param name="FullWindow">When refused: the full window's index in the call's windows.</param>
internal readonly record struct LeaseOutcome(LeaseResult Result, long AtMilliseconds, TimeSpan? RetryAfter, int? FullWindow);

using System.Globalization;
using StackExchange.Redis;

namespace ModelRegistry.Gateway;

/// <summary>
/// <see cref="IRoutingStateStore"/> over Redis (<c>Gateway:Redis</c>): every gateway instance configured with the same
/// Redis and key prefix shares the windows, circuits and counters, each change one Lua script
/// (<see cref="RedisRoutingScripts"/>) run whole by the server. Admission stays off the request's path: windows are
/// granted from units leased in batches (<see cref="WindowLeases"/>: the sum over all instances never exceeds a limit, a
/// call waits for Redis only when its lease is empty), and circuits are answered from a mirror (<see cref="CircuitMirror"/>)
/// that every answer of Redis and the other instances' notices on the channel <c>{prefix}:events</c> (pub/sub) keep
/// current; only a circuit never seen or half-open (whose probe Redis decides) costs a round trip. Every wait for Redis is
/// bounded by <see cref="GatewayOptions.RedisTimeout"/>; a Redis that cannot be reached, stalls or fails counts as away
/// for a second (then it is tried again), and meanwhile every operation is answered by an
/// <see cref="InProcessRoutingStateStore"/>, so a request never fails because Redis is down. The change is logged each
/// way and <see cref="Status"/> tells <c>/health</c>. What was counted in process while Redis was away stays there (it is
/// not merged back).
/// </summary>
internal sealed class RedisRoutingStateStore : IRoutingStateStore, IDisposable
{
    /// <summary>How long Redis is left alone after it failed, before a request tries it again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>How long a circuit's failures and pause are kept after its last failure.</summary>
    private static readonly TimeSpan CircuitKeptFor = TimeSpan.FromDays(1);

    /// <summary>The bound on reading counters (a scan over keys: an operator's read-out, not a request's path).</summary>
    private static readonly TimeSpan ReadOutTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How old a mirrored circuit may be before it is read again in the background: the longest an instance can
    /// miss another's change when a notice is lost.</summary>
    private static readonly TimeSpan CircuitRefresh = TimeSpan.FromSeconds(1);

    /// <summary>How often idle leases give their unused units back and ended windows' leases are forgotten.</summary>
    private static readonly TimeSpan MaintenanceEvery = TimeSpan.FromMilliseconds(250);

    private static readonly RedisValue[] CircuitFields = ["open_until", "pause_until", "failures", "probe_until"];

    private readonly InProcessRoutingStateStore _local;
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _endpoints;
    private readonly WindowLeases _leases;
    private readonly CircuitMirror _circuits = new();
    private readonly RedisChannel _channel;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ITimer _maintenance;
    private ConnectionMultiplexer? _redis;
    private int _subscribed;
    private long _admissionRoundTrips;
    private long _awayUntilTicks;
    private int _state = (int)SharedState.Connecting;
    private string? _problem = "connecting to Redis";

    public RedisRoutingStateStore(string configuration, string keyPrefix, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _local = new InProcessRoutingStateStore(time);
        _prefix = "{" + keyPrefix + "}:";
        _timeout = timeout;
        _time = time;
        _logger = logger;
        _channel = RedisChannel.Literal(_prefix + "events");
        _leases = new WindowLeases(time, RefillAsync);
        _maintenance = time.CreateTimer(static state => ((RedisRoutingStateStore)state!).Maintain(), this, MaintenanceEvery, MaintenanceEvery);
        ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
        // Never stop the gateway's start, nor wait long: the store serves in process until Redis answers.
        options.AbortOnConnectFail = false;
        int bound = (int)Math.Max(1, timeout.TotalMilliseconds);
        if (!Mentions(configuration, "asyncTimeout"))
        {
            options.AsyncTimeout = bound;
        }

        if (!Mentions(configuration, "syncTimeout"))
        {
            options.SyncTimeout = bound;
        }

        if (!Mentions(configuration, "connectTimeout"))
        {
            options.ConnectTimeout = Math.Max(1000, 4 * bound);
        }

        // Back within seconds of Redis coming back (the configuration string cannot set a policy).
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        options.ClientName ??= "modelregistry-gateway";
        // The endpoints alone name the server in logs and /health: the configuration string may hold a password.
        _endpoints = string.Join(", ", options.EndPoints.Select(e => e.ToString()));
        _connecting = ConnectAsync(options);
    }

    public RoutingStateStatus Status
    {
        get
        {
            Available();
            return (SharedState)Volatile.Read(ref _state) == SharedState.Shared
                ? new RoutingStateStatus("redis", IsShared: true, Detail: null)
                : new RoutingStateStatus("redis", IsShared: false, $"Redis at {_endpoints} is unreachable ({_problem}); limits, circuits and counters are kept in this process until it is back");
        }
    }

    /// <summary>Round trips to Redis that admissions waited for (a lease that ran empty, a circuit never seen or
    /// half-open): what admission still costs on the request's path.</summary>
    internal long AdmissionRoundTrips => Interlocked.Read(ref _admissionRoundTrips);

    /// <summary>What this instance's mirror says of a circuit, without asking Redis (tests).</summary>
    internal CircuitView Mirrored(string circuit) => _circuits.Decide(circuit, Now(), long.MaxValue);

    /// <summary>The units this instance holds of a window now, leased and granted (tests).</summary>
    internal (long Leased, long Granted) Held(string window) => _leases.Held(window);

    public async ValueTask<WindowAdmission> TryAcquireAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        if (Available() is null)
        {
            return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
        }

        long now = Now();
        CircuitView circuit = default;
        if (request.Circuit is { } name)
        {
            circuit = _circuits.Decide(name, now, (long)CircuitRefresh.TotalMilliseconds);
            if (circuit.Known && circuit.Stale)
            {
                Refresh(name);
            }

            if (circuit.BlockedUntil > 0)
            {
                return new WindowAdmission(false, null, DateTimeOffset.FromUnixTimeMilliseconds(circuit.BlockedUntil), false, circuit.Reading, null);
            }
        }

        WindowLimit[] windows = request.Windows;
        long at = now;
        if (windows.Length > 0)
        {
            LeaseOutcome outcome = await _leases.AcquireAsync(windows, cancellationToken).ConfigureAwait(false);
            switch (outcome.Result)
            {
                case LeaseResult.Unreachable:
                    return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
                case LeaseResult.Full:
                    int full = outcome.FullWindow ?? 0;
                    // Units other instances hold idle in this window go back to Redis, for the next call anywhere.
                    Publish("w", windows[full].Name, windows[full].Index(outcome.AtMilliseconds).ToString(CultureInfo.InvariantCulture));
                    return new WindowAdmission(false, outcome.RetryAfter, null, false, circuit.Reading, null, full);
            }

            at = outcome.AtMilliseconds;
        }

        if (request.Circuit is null || circuit.Known)
        {
            return new WindowAdmission(true, null, null, false, circuit.Reading, new WindowGrant(this, windows, at));
        }

        return await AdmitInRedisAsync(request, at, cancellationToken).ConfigureAwait(false);
    }

    public void Reconcile(WindowGrant grant, long actualUnits)
    {
        if (grant.Issuer != this)
        {
            grant.Issuer.Reconcile(grant, actualUnits);
            return;
        }

        List<RedisKey>? keys = null;
        List<RedisValue>? values = null;
        foreach (WindowLimit window in grant.Windows)
        {
            if (window.Adjustable && actualUnits != window.ClampedUnits)
            {
                // Given-back tokens stay in this instance's lease; tokens used beyond it are added in Redis.
                long beyond = _leases.Reconcile(window, grant.AtMilliseconds, actualUnits - window.ClampedUnits);
                if (beyond > 0)
                {
                    (keys ??= []).Add(WindowKey(window, grant.AtMilliseconds));
                    (values ??= []).Add(beyond);
                }
            }
        }

        if (keys is not null)
        {
            // Windows taken in Redis are reconciled there or not at all: the in-process store never held them.
            FireAndForget(RedisRoutingScripts.Reconcile, [.. keys], [.. values!], local: null);
        }
    }

    public async ValueTask<CircuitReading> RecordFailureAsync(string circuit, CircuitFailure failure, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.RecordFailureAsync(circuit, failure, cancellationToken).ConfigureAwait(false);
        }

        RedisValue[] values =
        [
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)(failure.Pause?.TotalMilliseconds ?? 0),
            failure.OpenNow ? 1 : 0,
            Math.Max(1, failure.Threshold),
            (long)failure.Cooldown.TotalMilliseconds,
            (long)CircuitKeptFor.TotalMilliseconds,
        ];
        try
        {
            long sequence = _circuits.Next();
            var answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.RecordFailure, [_prefix + circuit], values)
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false))!;
            Back();
            bool opened = (long)answer[3] == 1;
            _circuits.Update(circuit, sequence, (long)answer[0], (long)answer[1], opened ? 0 : null, (int)answer[2], Now());
            // The other instances learn of it within milliseconds.
            PublishCircuit(circuit, (long)answer[0], (long)answer[1], (int)answer[2]);
            return new CircuitReading(CircuitReading.At((long)answer[0]), CircuitReading.At((long)answer[1]), (int)answer[2], opened);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.RecordFailureAsync(circuit, failure, cancellationToken).ConfigureAwait(false);
        }
    }

    public void RecordSuccess(string circuit)
    {
        long now = Now();
        if (FireAndForget(RedisRoutingScripts.RecordSuccess, [_prefix + circuit], [now], local: () => _local.RecordSuccess(circuit)))
        {
            _circuits.Closed(circuit, _circuits.Next(), now);
            PublishCircuit(circuit, 0, 0, 0);
        }
    }

    public async ValueTask<CircuitReading> ReadCircuitAsync(string circuit, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.ReadCircuitAsync(circuit, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ReadAndMirrorAsync(redis, circuit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.ReadCircuitAsync(circuit, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask AddCountersAsync(IReadOnlyList<CounterAdd> sets, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            await _local.AddCountersAsync(sets, cancellationToken).ConfigureAwait(false);
            return;
        }

        var keys = new RedisKey[sets.Count];
        var values = new List<RedisValue>();
        for (int i = 0; i < sets.Count; i++)
        {
            keys[i] = _prefix + sets[i].Name;
            values.Add((long)sets[i].KeepFor.TotalMilliseconds);
            values.Add(sets[i].Increments.Count);
            foreach ((string counter, long increment) in sets[i].Increments)
            {
                values.Add(counter);
                values.Add(increment);
            }
        }

        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.AddCounters, keys, [.. values])
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            Back();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Counted in process rather than lost (a script that did run but answered too late is then counted twice, once
            // in each place: the in-process count is only what this instance saw while Redis was away).
            Away(exception);
            await _local.AddCountersAsync(sets, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, long>> ReadCounterSetAsync(string name, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.ReadCounterSetAsync(name, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            HashEntry[] entries = await redis.GetDatabase().HashGetAllAsync(_prefix + name)
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            Back();
            return Counters(entries);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.ReadCounterSetAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ReadCountersAsync(string prefix, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.ReadCountersAsync(prefix, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Dictionary<string, IReadOnlyDictionary<string, long>> found = await ScanCountersAsync(redis, prefix, cancellationToken)
                .WaitAsync(ReadOutTimeout, _time, cancellationToken).ConfigureAwait(false);
            Back();
            return found;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.ReadCountersAsync(prefix, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _maintenance.Dispose();
        if (_connecting.IsCompletedSuccessfully)
        {
            // What this instance leased and did not use goes back to the windows (sent before the connection closes).
            GiveBack(_leases.TakeAll());
            _connecting.Result.Dispose();
        }
        else
        {
            _ = _connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, long>>> ScanCountersAsync(ConnectionMultiplexer redis, string prefix, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        IDatabase database = redis.GetDatabase();
        string pattern = Glob(_prefix + prefix) + "*";
        foreach (IServer server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (RedisKey key in server.KeysAsync(pattern: pattern).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                HashEntry[] entries = await database.HashGetAllAsync(key).ConfigureAwait(false);
                string name = ((string)key!)[_prefix.Length..];
                found[name] = Counters(entries);
            }
        }

        return found;
    }

    /// <summary>A write the caller does not wait for: sent without awaiting its answer (StackExchange.Redis pipelines it
    /// with the other commands), or done in process while Redis is away. Whether it went to Redis.</summary>
    private bool FireAndForget(string script, RedisKey[] keys, RedisValue[] values, Action? local)
    {
        if (Available() is { } redis)
        {
            try
            {
                _ = redis.GetDatabase().ScriptEvaluateAsync(script, keys, values, CommandFlags.FireAndForget);
                return true;
            }
            catch (Exception exception)
            {
                Away(exception);
            }
        }

        local?.Invoke();
        return false;
    }

    /// <summary>The rare admission that asks Redis: a circuit never seen (or forgotten after an outage), or half-open, whose
    /// one probe Redis gives to whichever instance asks first. The windows' units are already granted from the leases and
    /// go back to them when the circuit turns the call away.</summary>
    private async ValueTask<WindowAdmission> AdmitInRedisAsync(WindowRequest request, long at, CancellationToken cancellationToken)
    {
        string name = request.Circuit!;
        long now = Now();
        long sequence = _circuits.Next();
        if (Available() is not { } redis)
        {
            _leases.Release(request.Windows, at);
            return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
        }

        RedisResult result;
        try
        {
            Interlocked.Increment(ref _admissionRoundTrips);
            // Forced onto the thread pool: the rest of the request (the upstream call, the answer) must never run on the
            // connection's own thread, which would hold up every other instance's reply behind it.
            result = await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.Acquire, [_prefix + name], [now, 1, (long)request.ProbeLease.TotalMilliseconds])
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            _leases.Release(request.Windows, at);
            return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _leases.Release(request.Windows, at);
            throw;
        }

        Back();
        var answer = (RedisResult[])result!;
        long openUntil = (long)answer[4];
        long pauseUntil = (long)answer[5];
        long blockedUntil = (long)answer[1];
        bool probe = (long)answer[3] == 1;
        // A probe out (this one, or another instance's) blocks the next calls here without asking again.
        long? probeUntil = probe ? now + (long)request.ProbeLease.TotalMilliseconds
            : blockedUntil > 0 && openUntil > 0 && openUntil <= now && pauseUntil <= now ? blockedUntil : null;
        _circuits.Update(name, sequence, openUntil, pauseUntil, probeUntil, (int)answer[6], now);
        var circuit = new CircuitReading(CircuitReading.At(openUntil), CircuitReading.At(pauseUntil), (int)answer[6], OpenedNow: false);
        if ((long)answer[0] == 1)
        {
            return new WindowAdmission(true, null, null, probe, circuit, new WindowGrant(this, request.Windows, at));
        }

        _leases.Release(request.Windows, at);
        return new WindowAdmission(false, null, DateTimeOffset.FromUnixTimeMilliseconds(blockedUntil), false, circuit, null);
    }

    /// <summary>One lease refill (<see cref="WindowLeases"/>): <see langword="null"/> when Redis is away or failed.</summary>
    private async Task<LeaseRefillAnswer?> RefillAsync(LeaseRefill[] refill)
    {
        if (Available() is not { } redis)
        {
            return null;
        }

        var keys = new RedisKey[refill.Length];
        var values = new RedisValue[1 + 5 * refill.Length];
        values[0] = Now();
        bool awaited = false;
        for (int i = 0; i < refill.Length; i++)
        {
            LeaseRefill window = refill[i];
            keys[i] = WindowKey(window.Window.Name, window.Index);
            values[1 + 5 * i] = window.Need;
            values[2 + 5 * i] = window.Want;
            values[3 + 5 * i] = Math.Max(1, window.Unit);
            values[4 + 5 * i] = window.Window.Limit;
            values[5 + 5 * i] = window.Window.LengthMilliseconds;
            awaited |= window.Need > 0;
        }

        if (awaited)
        {
            Interlocked.Increment(ref _admissionRoundTrips);
        }

        try
        {
            var answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.Lease, keys, values)
                .WaitAsync(_timeout, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.ForceYielding))!;
            Back();
            int full = (int)(long)answer[0];
            if (full >= 0)
            {
                return new LeaseRefillAnswer(full, TimeSpan.FromMilliseconds((long)answer[1]), []);
            }

            var taken = new long[refill.Length];
            for (int i = 0; i < taken.Length; i++)
            {
                taken[i] = (long)answer[i + 2];
            }

            return new LeaseRefillAnswer(-1, TimeSpan.Zero, taken);
        }
        catch (Exception exception)
        {
            Away(exception);
            return null;
        }
    }

    /// <summary>Gives a lease's unused units back to their windows in Redis (a window that ended is left alone).</summary>
    private void GiveBack(List<UnusedUnits> unused)
    {
        if (unused.Count == 0)
        {
            return;
        }

        var keys = new RedisKey[unused.Count];
        var values = new RedisValue[unused.Count];
        for (int i = 0; i < unused.Count; i++)
        {
            keys[i] = WindowKey(unused[i].Window.Name, unused[i].Index);
            values[i] = -unused[i].Units;
        }

        FireAndForget(RedisRoutingScripts.Reconcile, keys, values, local: null);
    }

    /// <summary>Every <see cref="MaintenanceEvery"/>: idle leases give their unused units back.</summary>
    private void Maintain()
    {
        try
        {
            if (Available() is not null)
            {
                GiveBack(_leases.TakeIdle());
            }
        }
        catch (Exception exception)
        {
            Away(exception);
        }
    }

    /// <summary>Reads a circuit in the background (once at a time per circuit) into the mirror.</summary>
    private void Refresh(string circuit)
    {
        if (_circuits.TryStartRefresh(circuit))
        {
            _ = RefreshAsync(circuit);
        }
    }

    private async Task RefreshAsync(string circuit)
    {
        try
        {
            if (Available() is { } redis)
            {
                await ReadAndMirrorAsync(redis, circuit, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
        }
        catch (Exception exception)
        {
            Away(exception);
        }
        finally
        {
            _circuits.EndRefresh(circuit);
        }
    }

    private async Task<CircuitReading> ReadAndMirrorAsync(ConnectionMultiplexer redis, string circuit, CancellationToken cancellationToken)
    {
        long sequence = _circuits.Next();
        RedisValue[] fields = await redis.GetDatabase().HashGetAsync(_prefix + circuit, CircuitFields)
            .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
        Back();
        _circuits.Update(circuit, sequence, Number(fields[0]), Number(fields[1]), Number(fields[3]), (int)Number(fields[2]), Now());
        return new CircuitReading(CircuitReading.At(Number(fields[0])), CircuitReading.At(Number(fields[1])), (int)Number(fields[2]), OpenedNow: false);
    }

    /// <summary>Tells the other instances that a circuit changed, with what this instance's script found (a pause this
    /// success kept is not known here: they read the circuit again anyway).</summary>
    private void PublishCircuit(string circuit, long openUntil, long pauseUntil, int failures) =>
        Publish("c", circuit, string.Create(CultureInfo.InvariantCulture, $"{openUntil}\n{pauseUntil}\n{failures}"));

    /// <summary>Tells the other instances (never awaited): <c>c</c> a circuit changed (they mirror the state sent, then
    /// read it again: notices of two instances may arrive out of order), <c>w</c> a window was found full (they give back
    /// what they hold of it idle).</summary>
    private void Publish(string kind, string name, string detail)
    {
        if (Available() is not { } redis)
        {
            return;
        }

        try
        {
            _ = redis.GetSubscriber().PublishAsync(_channel, $"{kind}\n{_instance}\n{name}\n{detail}", CommandFlags.FireAndForget);
        }
        catch (Exception exception)
        {
            Away(exception);
        }
    }

    /// <summary>Another instance's notice (see <see cref="Publish"/>); this instance's own are ignored.</summary>
    private void OnEvent(RedisChannel channel, RedisValue message)
    {
        string[] parts = ((string?)message ?? "").Split('\n');
        if (parts.Length < 3 || parts[1] == _instance)
        {
            return;
        }

        if (parts[0] == "c")
        {
            if (parts.Length == 6 && Whole(parts[3]) is { } openUntil && Whole(parts[4]) is { } pauseUntil && Whole(parts[5]) is { } failures)
            {
                _circuits.Update(parts[2], _circuits.Next(), openUntil, pauseUntil, openUntil == 0 ? 0 : null, (int)failures, Now());
            }

            Refresh(parts[2]);
        }
        else if (parts[0] == "w" && parts.Length == 4 && Whole(parts[3]) is { } index &&
            _leases.TakeUnused(parts[2], index) is { } unused)
        {
            GiveBack([unused]);
        }
    }

    /// <summary>Subscribes to the other instances' notices (StackExchange.Redis subscribes again after a reconnect). Without
    /// them an instance still learns another's circuit change within <see cref="CircuitRefresh"/>.</summary>
    private async Task SubscribeAsync(ConnectionMultiplexer redis)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, OnEvent).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Volatile.Write(ref _subscribed, 0);
            RedisLog.NotSubscribed(_logger, _endpoints, exception.GetType().Name, CircuitRefresh.TotalSeconds);
        }
    }

    /// <summary>The connection when Redis may be used now: connected, and not within a second of a failure.</summary>
    private ConnectionMultiplexer? Available()
    {
        ConnectionMultiplexer? redis = _redis;
        if (redis is null)
        {
            if (!_connecting.IsCompletedSuccessfully)
            {
                return null;
            }

            redis = _redis = _connecting.Result;
        }

        if (!redis.IsConnected)
        {
            Away(null);
            return null;
        }

        if (_time.GetUtcNow().UtcTicks < Volatile.Read(ref _awayUntilTicks))
        {
            return null;
        }

        return redis;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        redis.ConnectionFailed += (_, failed) => Away(failed.Exception, failed.FailureType.ToString());
        redis.ConnectionRestored += (_, _) =>
        {
            Volatile.Write(ref _awayUntilTicks, 0);
            Back();
            _ = SubscribeAsync(redis);
        };
        if (redis.IsConnected)
        {
            await SubscribeAsync(redis).ConfigureAwait(false);
            Back();
        }
        else
        {
            Away(null);
        }

        return redis;
    }

    /// <summary>Redis failed or cannot be reached: state stays in process for a second at least; logged once per outage.</summary>
    private void Away(Exception? exception, string? reason = null)
    {
        string problem = reason ?? exception?.GetType().Name ?? "not connected";
        if (exception is not null)
        {
            Volatile.Write(ref _awayUntilTicks, (_time.GetUtcNow() + RetryAfterFailure).UtcTicks);
        }

        _problem = problem;
        if (Interlocked.Exchange(ref _state, (int)SharedState.Away) != (int)SharedState.Away)
        {
            RedisLog.Away(_logger, _endpoints, problem);
        }
    }

    /// <summary>Redis answered: state is shared again; logged once when it comes back.</summary>
    private void Back()
    {
        if (Volatile.Read(ref _state) != (int)SharedState.Shared && Interlocked.Exchange(ref _state, (int)SharedState.Shared) != (int)SharedState.Shared)
        {
            _problem = null;
            // What other instances did to the circuits meanwhile is unknown: each is read again on its next admission.
            _circuits.Clear();
            RedisLog.Shared(_logger, _endpoints);
        }
    }

    private RedisKey WindowKey(WindowLimit window, long at) => WindowKey(window.Name, window.Index(at));

    private RedisKey WindowKey(string name, long index) => _prefix + name + ":" + index.ToString(CultureInfo.InvariantCulture);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A counter hash's integer fields (anything else in it, such as a value an older version wrote as a float, is
    /// left out).</summary>
    private static Dictionary<string, long> Counters(HashEntry[] entries)
    {
        var counters = new Dictionary<string, long>(entries.Length, StringComparer.Ordinal);
        foreach (HashEntry entry in entries)
        {
            if (long.TryParse((string?)entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                counters[(string)entry.Name!] = value;
            }
        }

        return counters;
    }

    private static long? Whole(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    private static long Number(RedisValue value) => value.IsNull ? 0 : (long)Number(value, 0);

    private static double Number(RedisValue value, double fallback) =>
        !value.IsNull && double.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : fallback;

    /// <summary>A literal text as a Redis glob pattern (the characters <c>*?[]\</c> escaped).</summary>
    private static string Glob(string text)
    {
        var pattern = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.ToString();
    }

    private static bool Mentions(string configuration, string option) =>
        configuration.Contains(option + "=", StringComparison.OrdinalIgnoreCase);

    private enum SharedState
    {
        Connecting,
        Shared,
        Away,
    }
}

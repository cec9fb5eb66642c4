using System.Globalization;
using StackExchange.Redis;

namespace ModelRegistry.Gateway;

/// <summary>
/// <see cref="IRoutingStateStore"/> over Redis (<c>Gateway:Redis</c>): every gateway instance configured with the same
/// Redis and key prefix shares the windows, circuits and counters, each change one Lua script
/// (<see cref="RedisRoutingScripts"/>) run whole by the server. Every wait for Redis is bounded by
/// <see cref="GatewayOptions.RedisTimeout"/>; a Redis that cannot be reached, stalls or fails counts as away for a second
/// (then it is tried again), and meanwhile every operation is answered by an <see cref="InProcessRoutingStateStore"/>, so
/// a request never fails because Redis is down. The change is logged each way and <see cref="Status"/> tells
/// <c>/health</c>. What was counted in process while Redis was away stays there (it is not merged back).
/// </summary>
internal sealed class RedisRoutingStateStore : IRoutingStateStore, IDisposable
{
    /// <summary>How long Redis is left alone after it failed, before a request tries it again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>How long a circuit's failures and pause are kept after its last failure.</summary>
    private static readonly TimeSpan CircuitKeptFor = TimeSpan.FromDays(1);

    /// <summary>The bound on reading counters (a scan over keys: an operator's read-out, not a request's path).</summary>
    private static readonly TimeSpan ReadOutTimeout = TimeSpan.FromSeconds(10);

    private readonly InProcessRoutingStateStore _local;
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _endpoints;
    private ConnectionMultiplexer? _redis;
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

    public async ValueTask<WindowAdmission> TryAcquireAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        WindowLimit[] windows = request.Windows;
        var keys = new RedisKey[windows.Length + 1];
        var values = new RedisValue[3 + 3 * windows.Length];
        keys[0] = _prefix + (request.Circuit ?? "circuit:none");
        values[0] = now;
        values[1] = request.Circuit is null ? 0 : 1;
        values[2] = (long)request.ProbeLease.TotalMilliseconds;
        for (int i = 0; i < windows.Length; i++)
        {
            keys[i + 1] = WindowKey(windows[i], now);
            values[3 + 3 * i] = windows[i].ClampedUnits;
            values[4 + 3 * i] = windows[i].Limit;
            values[5 + 3 * i] = windows[i].LengthMilliseconds;
        }

        RedisResult result;
        try
        {
            // Forced onto the thread pool: the rest of the request (the upstream call, the answer) must never run on the
            // connection's own thread, which would hold up every other instance's reply behind it.
            result = await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.Acquire, keys, values)
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
        }

        Back();
        var answer = (RedisResult[])result!;
        var circuit = new CircuitReading(CircuitReading.At((long)answer[4]), CircuitReading.At((long)answer[5]), (int)answer[6], OpenedNow: false);
        if ((long)answer[0] == 1)
        {
            return new WindowAdmission(true, null, null, (long)answer[3] == 1, circuit, new WindowGrant(this, windows, now));
        }

        long blockedUntil = (long)answer[1];
        return blockedUntil > 0
            ? new WindowAdmission(false, null, DateTimeOffset.FromUnixTimeMilliseconds(blockedUntil), false, circuit, null)
            : new WindowAdmission(false, TimeSpan.FromMilliseconds((long)answer[2]), null, false, circuit, null, answer.Length > 7 && (long)answer[7] >= 0 ? (int)answer[7] : null);
    }

    public void Reconcile(WindowGrant grant, long actualUnits)
    {
        if (grant.Issuer != this)
        {
            grant.Issuer.Reconcile(grant, actualUnits);
            return;
        }

        var keys = new List<RedisKey>(grant.Windows.Length);
        var values = new List<RedisValue>(grant.Windows.Length);
        foreach (WindowLimit window in grant.Windows)
        {
            if (window.Adjustable && actualUnits != window.ClampedUnits)
            {
                keys.Add(WindowKey(window, grant.AtMilliseconds));
                values.Add(actualUnits - window.ClampedUnits);
            }
        }

        if (keys.Count > 0)
        {
            // Windows taken in Redis are reconciled there or not at all: the in-process store never held them.
            FireAndForget(RedisRoutingScripts.Reconcile, [.. keys], [.. values], local: null);
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
            var answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RedisRoutingScripts.RecordFailure, [_prefix + circuit], values)
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false))!;
            Back();
            return new CircuitReading(CircuitReading.At((long)answer[0]), CircuitReading.At((long)answer[1]), (int)answer[2], (long)answer[3] == 1);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Away(exception);
            return await _local.RecordFailureAsync(circuit, failure, cancellationToken).ConfigureAwait(false);
        }
    }

    public void RecordSuccess(string circuit) =>
        FireAndForget(RedisRoutingScripts.RecordSuccess, [_prefix + circuit], [_time.GetUtcNow().ToUnixTimeMilliseconds()], local: () => _local.RecordSuccess(circuit));

    public async ValueTask<CircuitReading> ReadCircuitAsync(string circuit, CancellationToken cancellationToken)
    {
        if (Available() is not { } redis)
        {
            return await _local.ReadCircuitAsync(circuit, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            RedisValue[] fields = await redis.GetDatabase().HashGetAsync(_prefix + circuit, ["open_until", "pause_until", "failures"])
                .WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
            Back();
            return new CircuitReading(CircuitReading.At(Number(fields[0])), CircuitReading.At(Number(fields[1])), (int)Number(fields[2]), OpenedNow: false);
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
        if (_connecting.IsCompletedSuccessfully)
        {
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
    /// with the other commands), or done in process while Redis is away.</summary>
    private void FireAndForget(string script, RedisKey[] keys, RedisValue[] values, Action? local)
    {
        if (Available() is { } redis)
        {
            try
            {
                _ = redis.GetDatabase().ScriptEvaluateAsync(script, keys, values, CommandFlags.FireAndForget);
                return;
            }
            catch (Exception exception)
            {
                Away(exception);
            }
        }

        local?.Invoke();
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
        };
        if (redis.IsConnected)
        {
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
            GatewayLog.RedisAway(_logger, _endpoints, problem);
        }
    }

    /// <summary>Redis answered: state is shared again; logged once when it comes back.</summary>
    private void Back()
    {
        if (Volatile.Read(ref _state) != (int)SharedState.Shared && Interlocked.Exchange(ref _state, (int)SharedState.Shared) != (int)SharedState.Shared)
        {
            _problem = null;
            GatewayLog.RedisShared(_logger, _endpoints);
        }
    }

    private RedisKey WindowKey(WindowLimit window, long at) =>
        _prefix + window.Name + ":" + window.Index(at).ToString(CultureInfo.InvariantCulture);

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

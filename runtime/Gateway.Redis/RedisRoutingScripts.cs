namespace ModelRegistry.Gateway;

/// <summary>
/// The Lua scripts of <see cref="RedisRoutingStateStore"/>: each change to shared state is one script, so Redis runs it
/// whole with nothing in between (Garnet too, with <c>--lua-transaction-mode</c>, which locks the declared keys: every
/// key a script touches is passed in <c>KEYS</c>). Times are Unix milliseconds from the calling gateway, whose windows
/// are numbered from them. StackExchange.Redis sends each script by its SHA (EVALSHA) once the server knows it.
/// </summary>
internal static class RedisRoutingScripts
{
    /// <summary>
    /// KEYS[1] the circuit hash, KEYS[2..] the windows' keys (name:number). ARGV[1] now, ARGV[2] whether to check the
    /// circuit (1/0), ARGV[3] the probe lease, then per window: units, limit, length. Returns
    /// {allowed, blocked_until, retry_after, probe, open_until, pause_until, failures, full_window} (full_window: the
    /// 0-based index of the window that turned the call away, -1 for none).
    /// </summary>
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        local openUntil, pauseUntil, failures, probe = 0, 0, 0, 0
        if ARGV[2] == '1' then
          local c = redis.call('HMGET', KEYS[1], 'open_until', 'pause_until', 'failures', 'probe_until')
          openUntil = tonumber(c[1]) or 0
          pauseUntil = tonumber(c[2]) or 0
          failures = tonumber(c[3]) or 0
          local probeUntil = tonumber(c[4]) or 0
          local blocked = math.max(openUntil, pauseUntil)
          if blocked <= now and openUntil > 0 then
            if probeUntil > now then blocked = probeUntil else probe = 1 end
          end
          if blocked > now then
            return {0, blocked, 0, 0, openUntil, pauseUntil, failures, -1}
          end
        end
        for i = 2, #KEYS do
          local at = 4 + (i - 2) * 3
          local units = math.min(tonumber(ARGV[at]), tonumber(ARGV[at + 1]))
          local used = tonumber(redis.call('GET', KEYS[i])) or 0
          if used + units > tonumber(ARGV[at + 1]) then
            local length = tonumber(ARGV[at + 2])
            return {0, 0, (math.floor(now / length) + 1) * length - now, 0, openUntil, pauseUntil, failures, i - 2}
          end
        end
        for i = 2, #KEYS do
          local at = 4 + (i - 2) * 3
          local units = math.min(tonumber(ARGV[at]), tonumber(ARGV[at + 1]))
          redis.call('INCRBY', KEYS[i], units)
          redis.call('PEXPIRE', KEYS[i], 2 * tonumber(ARGV[at + 2]))
        end
        if probe == 1 then
          redis.call('HSET', KEYS[1], 'probe_until', now + tonumber(ARGV[3]))
        end
        return {1, 0, 0, probe, openUntil, pauseUntil, failures, -1}
        """;

    /// <summary>
    /// Leases units of windows to one instance (<see cref="WindowLeases"/>). KEYS the windows' keys (name:number). ARGV[1]
    /// now, then per window: need, want, unit, limit, length. A window whose need does not fit turns the whole lease away
    /// (nothing is taken): returns {index (0-based), ms until that window ends}. Otherwise each window gives its need plus,
    /// in whole units, up to want in all but never more than half of what it has left beyond the need (so the last units
    /// go one call at a time to whichever instance needs them): returns {-1, 0, taken per window...}.
    /// </summary>
    public const string Lease = """
        local now = tonumber(ARGV[1])
        local used = {}
        for i = 1, #KEYS do
          local at = 2 + (i - 1) * 5
          used[i] = tonumber(redis.call('GET', KEYS[i])) or 0
          local need = tonumber(ARGV[at])
          if need > 0 and used[i] + need > tonumber(ARGV[at + 3]) then
            local length = tonumber(ARGV[at + 4])
            return {i - 1, (math.floor(now / length) + 1) * length - now}
          end
        end
        local answer = {-1, 0}
        for i = 1, #KEYS do
          local at = 2 + (i - 1) * 5
          local need, want, unit = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
          local extra = math.min(want - need, math.floor((tonumber(ARGV[at + 3]) - used[i] - need) / 2))
          if extra < 0 then extra = 0 end
          local take = need + math.floor(extra / unit) * unit
          if take > 0 then
            redis.call('INCRBY', KEYS[i], take)
            redis.call('PEXPIRE', KEYS[i], 2 * tonumber(ARGV[at + 4]))
          end
          answer[i + 2] = take
        end
        return answer
        """;

    /// <summary>KEYS the windows a grant took units in; ARGV per key the change (real usage less what was taken, or a lease's
    /// unused units given back, negative). A window that has ended (its key expired) is left alone; none goes below zero.</summary>
    public const string Reconcile = """
        for i = 1, #KEYS do
          local used = tonumber(redis.call('GET', KEYS[i]))
          if used then
            local change = tonumber(ARGV[i])
            if used + change < 0 then change = -used end
            if change ~= 0 then redis.call('INCRBY', KEYS[i], change) end
          end
        end
        return 0
        """;

    /// <summary>
    /// KEYS[1] the circuit hash. ARGV[1] now, ARGV[2] the pause (0: none), ARGV[3] open now (1/0), ARGV[4] the threshold,
    /// ARGV[5] the cooldown, ARGV[6] how long the hash is kept. Returns {open_until, pause_until, failures, opened_now}.
    /// </summary>
    public const string RecordFailure = """
        local now = tonumber(ARGV[1])
        local c = redis.call('HMGET', KEYS[1], 'open_until', 'pause_until')
        local openUntil = tonumber(c[1]) or 0
        local pauseUntil = tonumber(c[2]) or 0
        local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
        local pause = tonumber(ARGV[2])
        if pause > 0 and now + pause > pauseUntil then
          pauseUntil = now + pause
          redis.call('HSET', KEYS[1], 'pause_until', pauseUntil)
        end
        local opened = 0
        local halfOpen = openUntil > 0 and openUntil <= now
        if ARGV[3] == '1' or halfOpen or failures >= tonumber(ARGV[4]) then
          if openUntil <= now then opened = 1 end
          openUntil = now + tonumber(ARGV[5])
          redis.call('HSET', KEYS[1], 'open_until', openUntil, 'probe_until', 0)
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return {openUntil, pauseUntil, failures, opened}
        """;

    /// <summary>KEYS[1] the circuit hash; ARGV[1] now. Closes it: a running pause is kept, everything else goes.</summary>
    public const string RecordSuccess = """
        local pauseUntil = tonumber(redis.call('HGET', KEYS[1], 'pause_until')) or 0
        if pauseUntil > tonumber(ARGV[1]) then
          redis.call('HSET', KEYS[1], 'failures', 0, 'open_until', 0, 'probe_until', 0)
        else
          redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>KEYS the counter hashes; ARGV per key: how long it is kept, the number n of its counters, then n name and
    /// increment pairs. Integers only (HINCRBY, passed through as sent: Lua's numbers are doubles, exact only to 2^53), so
    /// money in picodollars adds up exactly.</summary>
    public const string AddCounters = """
        local at = 1
        for i = 1, #KEYS do
          local n = tonumber(ARGV[at + 1])
          for j = 0, n - 1 do
            redis.call('HINCRBY', KEYS[i], ARGV[at + 2 + 2 * j], ARGV[at + 3 + 2 * j])
          end
          redis.call('PEXPIRE', KEYS[i], ARGV[at])
          at = at + 2 + 2 * n
        end
        return 0
        """;
}

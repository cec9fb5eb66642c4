using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// Admission off the request's path over Redis: windows granted from leased batches (the sum of two stores' grants is the
/// limit exactly, unused units go back), circuits answered from a mirror that another store's notice updates. Time bounds
/// are generous (seconds where milliseconds are expected): the suite runs in parallel on a loaded machine, and a bound
/// that runs out there would test the machine, not the rule.
/// </summary>
[Trait("Category", RedisTestServer.Category)]
public sealed class RedisAdmissionTests
{
    private static RedisRoutingStateStore Store(RedisTestServer redis, string prefix) =>
        new(redis.Configuration, prefix, TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance);

    private static async Task SharedAsync(params RedisRoutingStateStore[] stores)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        foreach (RedisRoutingStateStore store in stores)
        {
            while (!store.Status.IsShared)
            {
                Assert.True(DateTime.UtcNow < deadline, store.Status.Detail);
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits, if need be, for a window of <paramref name="length"/> with at least <paramref name="needed"/> left, so
    /// that a test's grants all fall in one window.</summary>
    private static async Task StartOfAWindowAsync(TimeSpan length, TimeSpan needed)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long left = (long)length.TotalMilliseconds - now % (long)length.TotalMilliseconds;
        if (left < needed.TotalMilliseconds)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(left + 50));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="never"/> after
    /// <paramref name="bound"/> (a bound for a loaded machine: the condition is expected within milliseconds).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound, string never)
    {
        DateTime deadline = DateTime.UtcNow + bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, never);
            await Task.Delay(5);
        }
    }

    /// <summary>Two stores (two instances) over one server, under one key prefix, both connected.</summary>
    private sealed class Pair : IDisposable
    {
        private readonly RedisTestServer _redis;
        private readonly string _prefix;

        private Pair(RedisTestServer redis, string prefix)
        {
            _redis = redis;
            _prefix = prefix;
            One = Store(redis, prefix);
            Two = Store(redis, prefix);
        }

        public RedisRoutingStateStore One { get; }

        public RedisRoutingStateStore Two { get; }

        public static async Task<Pair> StartAsync()
        {
            var pair = new Pair(RedisTestServer.Start(), RedisTestServer.NewPrefix());
            await SharedAsync(pair.One, pair.Two);
            return pair;
        }

        /// <summary>What Redis counts in the window now, read over a connection of the test's own.</summary>
        public async Task<long> UsedInRedisAsync(WindowLimit window)
        {
            using ConnectionMultiplexer direct = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
            long index = window.Index(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            RedisValue used = await direct.GetDatabase().StringGetAsync("{" + _prefix + "}:" + window.Name + ":" + index);
            return used.IsNull ? 0 : (long)used;
        }

        public void Dispose()
        {
            One.Dispose();
            Two.Dispose();
            _redis.Dispose();
        }
    }

    private static async Task<int> AdmitUntilRefusedAsync(RedisRoutingStateStore store, WindowRequest request, int most)
    {
        for (int granted = 0; granted < most; granted++)
        {
            if (!(await store.TryAcquireAsync(request, CancellationToken.None)).Allowed)
            {
                return granted;
            }
        }

        return most;
    }

    [Fact]
    public async Task Two_stores_share_a_requests_per_minute_limit_exactly_under_concurrent_bursts()
    {
        using Pair pair = await Pair.StartAsync();
        (RedisRoutingStateStore one, RedisRoutingStateStore two) = (pair.One, pair.Two);
        var window = new WindowLimit("window:route:m/r:requests-per-minute", 1, 60, TimeSpan.FromMinutes(1), Adjustable: false);
        var request = new WindowRequest(null, TimeSpan.Zero, [window]);
        await StartOfAWindowAsync(window.Length, TimeSpan.FromSeconds(30));

        // Three bursts of 40 calls at once from each store: 240 calls for 60 units.
        int allowed = 0;
        for (int burst = 0; burst < 3; burst++)
        {
            WindowAdmission[] answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => (i % 2 == 0 ? one : two).TryAcquireAsync(request, CancellationToken.None).AsTask()));
            allowed += answers.Count(a => a.Allowed);
            Assert.All(answers.Where(a => !a.Allowed), a => Assert.Equal(0, a.FullWindow));
        }

        Assert.Equal(60, allowed);
        Assert.Equal(60, one.Held(window.Name).Granted + two.Held(window.Name).Granted);
        // Every unit Redis gave out was granted: none is left leased and unused while calls were refused.
        Assert.Equal(one.Held(window.Name).Leased, one.Held(window.Name).Granted);
        Assert.Equal(two.Held(window.Name).Leased, two.Held(window.Name).Granted);
        Assert.Equal(60, await pair.UsedInRedisAsync(window));
        Assert.True(one.Status.IsShared && two.Status.IsShared);
    }

    [Fact]
    public async Task Most_admissions_are_granted_from_the_lease_without_waiting_for_Redis()
    {
        // One store of a pair: the other stays idle, as a second instance with no traffic does.
        using Pair pair = await Pair.StartAsync();
        RedisRoutingStateStore store = pair.One;
        var window = new WindowLimit("w:requests", 1, 100_000, TimeSpan.FromHours(1), Adjustable: false);
        var request = new WindowRequest(null, TimeSpan.Zero, [window]);

        for (int i = 0; i < 400; i++)
        {
            Assert.True((await store.TryAcquireAsync(request, CancellationToken.None)).Allowed);
        }

        // One call at a time, as a quiet route sees them: the lease is topped up in the background, so far fewer than one
        // awaited round trip per call (a loaded machine can delay a top-up past the next call: hence a bound, not zero).
        Assert.InRange(store.AdmissionRoundTrips, 1, 100);
        Assert.Equal(400, store.Held(window.Name).Granted);
    }

    [Fact]
    public async Task A_circuit_opened_through_one_store_reaches_the_others_mirror_and_turns_calls_away_without_a_round_trip()
    {
        using Pair pair = await Pair.StartAsync();
        (RedisRoutingStateStore one, RedisRoutingStateStore two) = (pair.One, pair.Two);
        var request = new WindowRequest("circuit:route:m/r", TimeSpan.FromMinutes(1), []);

        // The second store's first call reads the circuit (closed) into its mirror; its next ones ask nobody.
        Assert.True((await two.TryAcquireAsync(request, CancellationToken.None)).Allowed);
        Assert.True((await two.TryAcquireAsync(request, CancellationToken.None)).Allowed);
        long roundTrips = two.AdmissionRoundTrips;
        Assert.Equal(1, roundTrips);

        CircuitReading opened = await one.RecordFailureAsync(
            request.Circuit!, new CircuitFailure(null, OpenNow: true, Threshold: 3, Cooldown: TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.True(opened.OpenedNow);

        // Only the notice can change the second store's mirror here: it makes no call meanwhile (a call past the refresh
        // interval would read the circuit again), so this is pub/sub. Milliseconds when quiet; 10 s on a loaded machine.
        await EventuallyAsync(() => Task.FromResult(two.Mirrored(request.Circuit!).BlockedUntil != 0), TimeSpan.FromSeconds(10), "the second store never heard that the circuit opened");

        WindowAdmission blocked = await two.TryAcquireAsync(request, CancellationToken.None);
        Assert.False(blocked.Allowed);
        Assert.Equal(opened.OpenUntil, blocked.BlockedUntil);
        Assert.Equal(roundTrips, two.AdmissionRoundTrips);

        // A success through the first store closes it for the second as well.
        one.RecordSuccess(request.Circuit!);
        await EventuallyAsync(() => Task.FromResult(two.Mirrored(request.Circuit!).BlockedUntil == 0), TimeSpan.FromSeconds(10), "the second store never heard that the circuit closed");

        Assert.True((await two.TryAcquireAsync(request, CancellationToken.None)).Allowed);
        Assert.Equal(roundTrips, two.AdmissionRoundTrips);
    }

    [Fact]
    public async Task Units_an_idle_lease_holds_go_back_so_the_other_store_can_take_the_rest_exactly()
    {
        using Pair pair = await Pair.StartAsync();
        (RedisRoutingStateStore one, RedisRoutingStateStore two) = (pair.One, pair.Two);
        // An hour window: no test run straddles two of them in practice.
        var window = new WindowLimit("w:requests", 1, 80, TimeSpan.FromHours(1), Adjustable: false);
        var request = new WindowRequest(null, TimeSpan.Zero, [window]);

        // A quick run of calls makes the first store lease ahead of its demand.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => one.TryAcquireAsync(request, CancellationToken.None).AsTask()));
        for (int i = 0; i < 10; i++)
        {
            Assert.True((await one.TryAcquireAsync(request, CancellationToken.None)).Allowed);
        }

        // Idle for a second, its unused units go back: Redis then counts its 20 grants and nothing more.
        await EventuallyAsync(async () => await pair.UsedInRedisAsync(window) == 20, TimeSpan.FromSeconds(15), "the idle lease never gave its units back");

        Assert.Equal((20, 20), one.Held(window.Name));
        Assert.Equal(60, await AdmitUntilRefusedAsync(two, request, 100));
        Assert.False((await one.TryAcquireAsync(request, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_lease_ends_with_its_window_and_the_next_window_grants_the_whole_limit_again()
    {
        // One store of a pair: the other stays idle, as a second instance with no traffic does.
        using Pair pair = await Pair.StartAsync();
        RedisRoutingStateStore store = pair.One;
        // A 4 s window: long enough for 12 calls on a loaded machine, short enough not to slow the suite.
        var window = new WindowLimit("w:requests", 1, 12, TimeSpan.FromSeconds(4), Adjustable: false);
        var request = new WindowRequest(null, TimeSpan.Zero, [window]);
        await StartOfAWindowAsync(window.Length, TimeSpan.FromSeconds(3));

        Assert.Equal(12, await AdmitUntilRefusedAsync(store, request, 20));
        WindowAdmission refused = await store.TryAcquireAsync(request, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), window.Length);

        await Task.Delay(refused.RetryAfter!.Value + TimeSpan.FromMilliseconds(100));
        Assert.Equal((0, 0), store.Held(window.Name));
        Assert.Equal(12, await AdmitUntilRefusedAsync(store, request, 20));
    }

    [Fact]
    public async Task Redis_stopped_under_held_leases_answers_in_process_then_shares_again()
    {
        using RedisTestServer redis = RedisTestServer.StartGarnet();
        string prefix = RedisTestServer.NewPrefix();
        using RedisRoutingStateStore store = new(redis.Configuration, prefix, TimeSpan.FromMilliseconds(500), TimeProvider.System, NullLogger.Instance);
        await SharedAsync(store);
        var request = new WindowRequest("circuit:route:m/r", TimeSpan.FromMinutes(1),
            [new WindowLimit("w:requests", 1, 1000, TimeSpan.FromHours(1), Adjustable: false)]);
        Assert.True((await store.TryAcquireAsync(request, CancellationToken.None)).Allowed);

        redis.Stop();
        await EventuallyAsync(async () => (await store.TryAcquireAsync(request, CancellationToken.None)).Allowed && !store.Status.IsShared,
            TimeSpan.FromSeconds(20), "the store never noticed Redis was gone");

        // Away: every call is answered, in process (its grant is the in-process store's).
        WindowAdmission away = await store.TryAcquireAsync(request, CancellationToken.None);
        Assert.True(away.Allowed);
        Assert.NotSame(store, away.Grant!.Issuer);

        redis.Restart();
        WindowAdmission back = default;
        await EventuallyAsync(async () => (back = await store.TryAcquireAsync(request, CancellationToken.None)).Grant?.Issuer == store,
            TimeSpan.FromSeconds(30), "the store never rejoined Redis");

        Assert.True(back.Allowed);
        Assert.True(store.Status.IsShared);
    }
}

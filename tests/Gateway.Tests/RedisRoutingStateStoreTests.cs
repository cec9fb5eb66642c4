using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The Redis store's primitives, over the test server, from two stores (two connections, as two instances have).</summary>
[Trait("Category", RedisTestServer.Category)]
public sealed class RedisRoutingStateStoreTests
{
    private static RedisRoutingStateStore Store(RedisTestServer redis, string prefix) =>
        new(redis.Configuration, prefix, TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance);

    private static async Task SharedAsync(RedisRoutingStateStore store)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!store.Status.IsShared)
        {
            Assert.True(DateTime.UtcNow < deadline, store.Status.Detail);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Two_stores_take_exactly_the_limit_of_a_window_under_concurrent_calls()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        using RedisRoutingStateStore one = Store(redis, prefix);
        using RedisRoutingStateStore two = Store(redis, prefix);
        await SharedAsync(one);
        await SharedAsync(two);
        // An hour window: no test run straddles two of them in practice, and the test needs no waiting for a minute.
        var request = new WindowRequest(null, TimeSpan.Zero, [new WindowLimit("w:tokens", 10, 370, TimeSpan.FromHours(1), Adjustable: true)]);

        WindowAdmission[] answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => (i % 2 == 0 ? one : two).TryAcquireAsync(request, CancellationToken.None).AsTask()));

        Assert.Equal(37, answers.Count(a => a.Allowed));
        Assert.All(answers.Where(a => !a.Allowed), a => Assert.InRange(a.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)));
        Assert.True(one.Status.IsShared);

        // Real usage of 4 instead of 10 gives 6 back: the next call of 6 fits, one of 7 would not.
        one.Reconcile(answers.First(a => a.Allowed).Grant!, 4);
        WindowAdmission fits = default;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!(fits = await two.TryAcquireAsync(request with { Windows = [request.Windows[0] with { Units = 6 }] }, CancellationToken.None)).Allowed)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reconciled tokens never came back");
            await Task.Delay(20);
        }

        Assert.False((await two.TryAcquireAsync(request with { Windows = [request.Windows[0] with { Units = 1 }] }, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_circuit_opens_at_the_threshold_counted_over_both_stores_and_lets_one_probe_through()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        using RedisRoutingStateStore one = Store(redis, prefix);
        using RedisRoutingStateStore two = Store(redis, prefix);
        await SharedAsync(one);
        await SharedAsync(two);
        var failure = new CircuitFailure(null, OpenNow: false, Threshold: 2, Cooldown: TimeSpan.FromMilliseconds(300));

        CircuitReading first = await one.RecordFailureAsync("c", failure, CancellationToken.None);
        Assert.False(first.OpenedNow);
        CircuitReading second = await two.RecordFailureAsync("c", failure, CancellationToken.None);
        Assert.True(second.OpenedNow);
        Assert.Equal(2, second.Failures);

        // The first store learns of the opening from the second's notice (pub/sub: milliseconds; 10 s on a loaded machine).
        DateTime heard = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (one.Mirrored("c").BlockedUntil == 0)
        {
            Assert.True(DateTime.UtcNow < heard, "the first store never heard that the circuit opened");
            await Task.Delay(5);
        }

        var request = new WindowRequest("c", TimeSpan.FromSeconds(30), []);
        WindowAdmission blocked = await one.TryAcquireAsync(request, CancellationToken.None);
        Assert.False(blocked.Allowed);
        Assert.Equal(second.OpenUntil, blocked.BlockedUntil);

        await Task.Delay(400);
        WindowAdmission[] afterCooldown = await Task.WhenAll(one.TryAcquireAsync(request, CancellationToken.None).AsTask(), two.TryAcquireAsync(request, CancellationToken.None).AsTask());
        Assert.Single(afterCooldown, a => a.Allowed && a.IsProbe);
        Assert.Single(afterCooldown, a => !a.Allowed);

        two.RecordSuccess("c");
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((await one.ReadCircuitAsync("c", CancellationToken.None)).NeedsSuccess)
        {
            Assert.True(DateTime.UtcNow < deadline, "the success never closed the circuit");
            await Task.Delay(20);
        }

        Assert.True((await one.TryAcquireAsync(request, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task Counters_add_up_over_both_stores_and_are_read_by_prefix()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        using RedisRoutingStateStore one = Store(redis, prefix);
        using RedisRoutingStateStore two = Store(redis, prefix);
        await SharedAsync(one);
        await SharedAsync(two);

        await one.AddCountersAsync([new("usage:d1:route:m/a", [new("requests", 1), new("cost_pusd", 250_000_000_000)], TimeSpan.FromMinutes(5))], CancellationToken.None);
        // One step over several sets, as a charge is: a usage row and a spend counter beyond 2^53 (Lua's doubles would round it).
        await two.AddCountersAsync(
        [
            new("usage:d1:route:m/a", [new("requests", 1), new("cost_pusd", 500_000_000_000)], TimeSpan.FromMinutes(5)),
            new("spend:k:total", [new("cost_pusd", 9_007_199_254_740_993)], TimeSpan.FromMinutes(5)),
        ], CancellationToken.None);
        await two.AddCountersAsync([new("usage:d1:route:m/b", [new("requests", 3)], TimeSpan.FromMinutes(5))], CancellationToken.None);
        await two.AddCountersAsync([new("usage:d2:route:m/a", [new("requests", 9)], TimeSpan.FromMinutes(5))], CancellationToken.None);
        await one.AddCountersAsync([new("spend:k:total", [new("cost_pusd", 1)], TimeSpan.FromMinutes(5))], CancellationToken.None);

        // Awaited writes: the other store reads them at once.
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> day = await one.ReadCountersAsync("usage:d1:", CancellationToken.None);
        IReadOnlyDictionary<string, long> spend = await two.ReadCounterSetAsync("spend:k:total", CancellationToken.None);

        Assert.Equal(2, day.Count);
        Assert.Equal(2, day["usage:d1:route:m/a"]["requests"]);
        Assert.Equal(750_000_000_000, day["usage:d1:route:m/a"]["cost_pusd"]);
        Assert.Equal(3, day["usage:d1:route:m/b"]["requests"]);
        Assert.Equal(9_007_199_254_740_994, spend["cost_pusd"]);
        Assert.Empty(await one.ReadCounterSetAsync("spend:nobody:total", CancellationToken.None));
    }
}

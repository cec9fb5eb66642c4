using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Routing;

/// <summary>
/// The routing state seam (runtime/Routing/State): two routed clients over one <see cref="IRoutingStateStore"/> behave as
/// two gateway instances over one Redis do (the gateway tests run the same over Garnet). Here the store is the in-process
/// one, the store a Redis store falls back to.
/// </summary>
public sealed class SharedRouteStateTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello there")];

    private static RoutedChatClient Client(IRoutingStateStore store, TimeProvider time, params ChatRoute[] routes) => new(new RoutedChatClientOptions
    {
        Routes = routes,
        ModelId = "acme:shared",
        Offload = false,
        QueueLimit = 0,
        TimeProvider = time,
        StateStore = store,
    });

    [Fact]
    public async Task Two_clients_over_one_store_hold_one_routes_request_limit_exactly()
    {
        var time = new ManualTimeProvider();
        var store = new InProcessRoutingStateStore(time);
        var first = new ScriptedChatClient("up");
        var second = new ScriptedChatClient("up");
        using RoutedChatClient one = Client(store, time, new ChatRoute { Name = "up", Client = first, RequestsPerMinute = 3 });
        using RoutedChatClient two = Client(store, time, new ChatRoute { Name = "up", Client = second, RequestsPerMinute = 3 });

        int answered = 0, refused = 0;
        for (int i = 0; i < 8; i++)
        {
            try
            {
                await (i % 2 == 0 ? one : two).GetResponseAsync(Hello);
                answered++;
            }
            catch (RateLimitExceededException limited)
            {
                refused++;
                Assert.Equal(TimeSpan.FromMinutes(1), limited.RetryAfter);
            }
        }

        Assert.Equal(3, answered);
        Assert.Equal(5, refused);
        Assert.Equal(3, first.Calls + second.Calls);

        // The next minute is a new window for both.
        time.Advance(TimeSpan.FromMinutes(1));
        await two.GetResponseAsync(Hello);
        Assert.Equal(4, first.Calls + second.Calls);
    }

    [Fact]
    public async Task A_circuit_one_client_opened_keeps_the_other_away_and_shows_in_its_status()
    {
        var time = new ManualTimeProvider();
        var store = new InProcessRoutingStateStore(time);
        var deadA = new ScriptedChatClient("a") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.InternalServerError) };
        var deadB = new ScriptedChatClient("a") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.InternalServerError) };
        using RoutedChatClient one = Client(store, time,
            new ChatRoute { Name = "a", Client = deadA, Weight = 1 }, new ChatRoute { Name = "b", Client = new ScriptedChatClient("b"), Weight = 0 });
        using RoutedChatClient two = Client(store, time,
            new ChatRoute { Name = "a", Client = deadB, Weight = 1 }, new ChatRoute { Name = "b", Client = new ScriptedChatClient("b"), Weight = 0 });

        ChatResponse fellBack = await one.GetResponseAsync(Hello);
        Assert.Equal("answer from b", fellBack.Text);
        Assert.Equal(RouteCircuitState.Closed, two.GetRouteStatuses()[0].State);

        // The other client asks the store before it sends: route a is open there, so the call goes to b without trying a.
        ChatResponse skipped = await two.GetResponseAsync(Hello);
        Assert.Equal("answer from b", skipped.Text);
        Assert.Equal(0, deadB.Calls);
        RouteStatus seen = two.GetRouteStatuses()[0];
        Assert.Equal(RouteCircuitState.Open, seen.State);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), seen.UnavailableUntil);

        // After the cooldown exactly one probe goes, from whichever client asks first; its success closes it for both.
        time.Advance(TimeSpan.FromSeconds(31));
        deadB.FailWith = null;
        Assert.Equal("answer from a", (await two.GetResponseAsync(Hello)).Text);
        await one.RefreshSharedStateAsync(CancellationToken.None);
        Assert.True(one.GetRouteStatuses()[0].IsAvailable);
    }

    [Fact]
    public async Task A_retry_after_pause_one_client_met_is_shared_capped_by_the_longest_pause()
    {
        var time = new ManualTimeProvider();
        var store = new InProcessRoutingStateStore(time);
        var limited = new ScriptedChatClient("a") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(2)) };
        var other = new ScriptedChatClient("a");
        using RoutedChatClient one = Client(store, time, new ChatRoute { Name = "a", Client = limited });
        using RoutedChatClient two = Client(store, time, new ChatRoute { Name = "a", Client = other });

        await Assert.ThrowsAsync<ChatProviderException>(() => one.GetResponseAsync(Hello));
        NoRouteAvailableException away = await Assert.ThrowsAsync<NoRouteAvailableException>(() => two.GetResponseAsync(Hello));

        Assert.Equal(0, other.Calls);
        // MaxRoutePause (5 minutes by default), not the two hours the upstream asked for.
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), two.GetRouteStatuses()[0].PausedUntil);
        Assert.NotNull(away.RetryAfter);
    }

    [Fact]
    public async Task A_window_takes_all_or_nothing_and_reconciles_with_real_usage()
    {
        var time = new ManualTimeProvider();
        var store = new InProcessRoutingStateStore(time);
        WindowLimit requests = new("w:requests", 1, 10, TimeSpan.FromMinutes(1), Adjustable: false);
        WindowLimit tokens = new("w:tokens", 600, 1000, TimeSpan.FromHours(1), Adjustable: true);

        WindowAdmission granted = await store.TryAcquireAsync(new WindowRequest(null, TimeSpan.Zero, [requests, tokens]), CancellationToken.None);
        Assert.True(granted.Allowed);
        WindowAdmission full = await store.TryAcquireAsync(new WindowRequest(null, TimeSpan.Zero, [requests, tokens]), CancellationToken.None);
        Assert.False(full.Allowed);
        Assert.Equal(TimeSpan.FromHours(1), full.RetryAfter);

        // Only 100 tokens were used: 500 come back to the hour window, and the refused call took no request slot.
        store.Reconcile(granted.Grant!, 100);
        for (int i = 0; i < 9; i++)
        {
            WindowAdmission next = await store.TryAcquireAsync(new WindowRequest(null, TimeSpan.Zero, [requests, tokens with { Units = 100 }]), CancellationToken.None);
            Assert.True(next.Allowed, $"call {i + 2}");
        }

        Assert.False((await store.TryAcquireAsync(new WindowRequest(null, TimeSpan.Zero, [requests]), CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task An_hour_window_outlasts_the_minute_and_gives_back_what_a_call_did_not_use()
    {
        var time = new ManualTimeProvider();
        using var limits = new RouteRateLimits(null, [(1000, TimeSpan.FromMinutes(1)), (100, TimeSpan.FromHours(1)), (null, TimeSpan.FromDays(1))], queueLimit: 0, time);

        using RouteLease first = await limits.AcquireAsync(60, CancellationToken.None);
        Assert.False(first.IsRefused);
        using RouteLease refused = await limits.AcquireAsync(60, CancellationToken.None);
        Assert.True(refused.IsRefused);
        Assert.Equal(TimeSpan.FromHours(1), refused.RefusedRetryAfter);

        time.Advance(TimeSpan.FromMinutes(2));
        using RouteLease stillRefused = await limits.AcquireAsync(60, CancellationToken.None);
        Assert.True(stillRefused.IsRefused);

        first.Reconcile(10);
        using RouteLease second = await limits.AcquireAsync(60, CancellationToken.None);
        Assert.False(second.IsRefused);
    }
}

using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Embeddings;

/// <summary>
/// A routed embedding model (profiles/embed-lab.json's <c>routed-embed</c>) is routed as a chat model is: stalls bounded
/// per route, cooldowns after a 429, per-route request limits, <c>api_keys</c> rotation and state shared through an
/// <see cref="IRoutingStateStore"/>, each over real loopback upstreams. The overlay gives route A weight 1 and route B
/// weight 0, so A is always tried first and B is the fallback.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RoutedEmbeddingTests
{
    private const string RouteA = "MODELREGISTRY_TEST_EMBED_A";
    private const string RouteB = "MODELREGISTRY_TEST_EMBED_B";
    private const string KeyOne = "sk-embed-route-first-secret";
    private const string KeyTwo = "sk-embed-route-second-secret";
    private const string RateLimited = "errors/openrouter-429-upstream-rate-limited.json";

    /// <summary>Points the routes at the servers.</summary>
    private static EnvironmentScope Routes(LoopbackProviderServer a, LoopbackProviderServer b) => new(
        (RouteA, a.Endpoint.ToString()), (RouteB, b.Endpoint.ToString()), ("EMBED_ROUTE_KEY_1", KeyOne), ("EMBED_ROUTE_KEY_2", KeyTwo));

    /// <summary>Load settings with an overlay: <paramref name="routeA"/> is route A's extra fields, <paramref name="top"/>
    /// the overlay's own (queue limit, cooldown).</summary>
    private static ChatModelSettings Settings(string routeA = "", string top = "", IRoutingStateStore? store = null, TestLog? log = null)
    {
        string json = $$"""
            { {{top}} "models": { "embed-lab:routed-embed": { "routes": {
                "{{RouteA}}": { "weight": 1 {{routeA}} },
                "{{RouteB}}": { "weight": 0 } } } } }
            """;
        return new ChatModelSettings { RoutingOverlay = RoutingOverlay.Parse(Encoding.UTF8.GetBytes(json)), RoutingState = store, LoggerFactory = log };
    }

    private static IEmbeddingGenerator<string, Embedding<float>> Load(ChatModelSettings settings) =>
        EmbeddingLabModels.LoadEmbeddingModel("embed-lab:routed-embed", settings);

    private static RoutedEmbeddingGenerator Routed(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        Assert.IsType<RoutedEmbeddingGenerator>(generator.GetService(typeof(RoutedEmbeddingGenerator)));

    private static async Task<string> ServedByAsync(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        (await generator.GenerateAsync(["x"])).GetRoutedCallInfo()!.Route;

    [Fact]
    public async Task A_route_that_stalls_past_its_timeout_falls_back_to_the_next_and_leaves_rotation()
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        using EnvironmentScope environment = Routes(a, b);
        // A's bound is 2 s and B keeps the default (300 s): on a loaded machine a short bound on the healthy route could
        // make it time out too, and the stall must be seen to cost A's bound only.
        using IEmbeddingGenerator<string, Embedding<float>> generator = Load(Settings(routeA: """, "timeout_seconds": 2"""));

        var elapsed = Stopwatch.StartNew();
        Assert.Equal(RouteB, await ServedByAsync(generator));
        // Generous: the point is that the call did not wait for the hung upstream (it never answers).
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(60), $"the stall cost {elapsed.Elapsed}, not the route's bound");

        RouteStatus stalled = Routed(generator).GetRouteStatuses()[0];
        Assert.Equal(RouteA, stalled.Name);
        Assert.Equal(RouteCircuitState.Open, stalled.State);
        Assert.Equal(RouteB, await ServedByAsync(generator));
        Assert.Single(a.Requests);
        Assert.Equal(2, b.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_Retry_After_opens_the_routes_circuit_and_the_next_call_skips_it()
    {
        ServerReply limited = Fixtures.Reply(RateLimited) with { Headers = new Dictionary<string, string> { ["Retry-After"] = "120" } };
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(limited, EmbeddingAnswers.For(0, 1));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(7, 1), EmbeddingAnswers.For(7, 1));
        using EnvironmentScope environment = Routes(a, b);
        var log = new TestLog();
        using IEmbeddingGenerator<string, Embedding<float>> generator = Load(Settings(log: log));

        Assert.Equal(RouteB, await ServedByAsync(generator));
        Assert.Equal(RouteB, await ServedByAsync(generator));

        Assert.Single(a.Requests);
        Assert.Equal(2, b.Requests.Count);
        RouteStatus paused = Routed(generator).GetRouteStatuses()[0];
        Assert.Equal(RouteCircuitState.Open, paused.State);
        Assert.False(paused.IsAvailable);
        Assert.NotNull(paused.PausedUntil);
        Assert.True(paused.PausedUntil > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60), $"paused until {paused.PausedUntil}");
        Assert.Contains(log.Entries, e => e.Message.Contains($"route {RouteA} is cooling down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_routes_requests_per_minute_moves_further_calls_to_the_other_route()
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(7, 1), EmbeddingAnswers.For(7, 1));
        using EnvironmentScope environment = Routes(a, b);
        // No queue: a call that finds A's window full goes to B at once instead of waiting for the next minute.
        using IEmbeddingGenerator<string, Embedding<float>> generator = Load(Settings(routeA: """, "requests_per_minute": 2""", top: """ "queue_limit": 0, """));

        string[] served = [await ServedByAsync(generator), await ServedByAsync(generator), await ServedByAsync(generator), await ServedByAsync(generator)];

        Assert.Equal([RouteA, RouteA, RouteB, RouteB], served);
        Assert.Equal(2, a.Requests.Count);
        // A was full, not failing: its circuit stays closed.
        Assert.Equal(RouteCircuitState.Closed, Routed(generator).GetRouteStatuses()[0].State);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(429)]
    public async Task A_refused_or_limited_key_rotates_to_the_routes_next_key_which_stays_current(int status)
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":{"message":"no"}}""", status), EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync();
        using EnvironmentScope environment = Routes(a, b);
        var log = new TestLog();
        using IEmbeddingGenerator<string, Embedding<float>> generator = Load(Settings(
            routeA: """, "api_keys": ["${EMBED_ROUTE_KEY_1}", "${EMBED_ROUTE_KEY_2}"]""", log: log));

        Assert.Equal(RouteA, await ServedByAsync(generator));
        Assert.Equal(RouteA, await ServedByAsync(generator));

        Assert.Equal(["Bearer " + KeyOne, "Bearer " + KeyTwo, "Bearer " + KeyTwo], a.Requests.Select(r => r.Headers["Authorization"]));
        Assert.Empty(b.Requests);
        LogEntry rotated = Assert.Single(log.Entries, e => e.Message.Contains("rotating to key #2", StringComparison.Ordinal));
        Assert.Contains($"HTTP {status} with key #1 of 2", rotated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(KeyOne, StringComparison.Ordinal) || e.Message.Contains(KeyTwo, StringComparison.Ordinal));
        // The rotation served the call: the route did not fail.
        Assert.Equal(0, Routed(generator).GetRouteStatuses()[0].ConsecutiveFailures);
    }

    [Fact]
    public async Task Two_generators_over_one_store_share_a_routes_request_limit()
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(7, 1), EmbeddingAnswers.For(7, 1), EmbeddingAnswers.For(7, 1));
        using EnvironmentScope environment = Routes(a, b);
        var store = new InProcessRoutingStateStore(TimeProvider.System);
        ChatModelSettings shared = Settings(routeA: """, "requests_per_minute": 2""", top: """ "queue_limit": 0, """, store: store);
        using IEmbeddingGenerator<string, Embedding<float>> one = Load(shared);
        using IEmbeddingGenerator<string, Embedding<float>> two = Load(shared);

        // Each generator alone would send two calls to A; together they hold A's two requests a minute.
        string[] served = [await ServedByAsync(one), await ServedByAsync(two), await ServedByAsync(one), await ServedByAsync(two)];

        Assert.Equal([RouteA, RouteA, RouteB, RouteB], served);
        Assert.Equal(2, a.Requests.Count);
        Assert.Equal(2, b.Requests.Count);
    }

    [Fact]
    public async Task A_circuit_one_generator_opened_keeps_the_other_away()
    {
        ServerReply down = ServerReply.Json("""{"error":{"message":"overloaded"}}""", status: 503);
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(down, down);
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(7, 1), EmbeddingAnswers.For(7, 1));
        using EnvironmentScope environment = Routes(a, b);
        ChatModelSettings shared = Settings(store: new InProcessRoutingStateStore(TimeProvider.System));
        using IEmbeddingGenerator<string, Embedding<float>> one = Load(shared);
        using IEmbeddingGenerator<string, Embedding<float>> two = Load(shared);

        Assert.Equal(RouteB, await ServedByAsync(one));
        // The other generator asks the store before it sends: A is open there, so its call goes to B without trying A.
        Assert.Equal(RouteB, await ServedByAsync(two));

        Assert.Single(a.Requests);
        await Routed(two).RefreshSharedStateAsync(CancellationToken.None);
        Assert.Equal(RouteCircuitState.Open, Routed(two).GetRouteStatuses()[0].State);
    }
}

using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// Two gateway instances over one Redis-protocol server (in-process Garnet, or <c>MODELREGISTRY_TEST_REDIS</c>): they hold
/// one route's limit exactly, see each other's open circuits and pauses, keep counters across a restart, and keep serving
/// (with <c>/health</c> degraded) while Redis is away, rejoining when it is back.
/// </summary>
[Trait("Category", RedisTestServer.Category)]
public sealed class SharedStateTests
{
    private const string Answer = "chat-completions/vllm-qwen3-8b-reasoning-content.json";
    private const string Request = """{"model":"local:assistant","messages":[{"role":"user","content":"What is 5 factorial?"}]}""";

    /// <summary>local:assistant over the vLLM route (weight 1) and the OpenRouter route (weight 0, a fallback); nothing
    /// waits in a queue.</summary>
    private static string Overlay(Uri vllm, Uri openRouter) => $$"""
        { "queue_limit": 0, "cooldown_seconds": 30, "models": { "local:assistant": { "routes": {
            "local": { "enabled": false },
            "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen" },
            "openrouter": { "base_url": "{{openRouter}}", "weight": 0, "api_key": "${{{GatewayHost.OpenRouterKeyVariable}}}" } } } } }
        """;

    /// <summary>local:assistant over the vLLM route alone, limited to <paramref name="requestsPerMinute"/>; nothing waits in
    /// a queue and there is no fallback, so a full window answers 429 at once.</summary>
    private static string LimitedOverlay(Uri vllm, int requestsPerMinute) => $$"""
        { "queue_limit": 0, "models": { "local:assistant": { "routes": {
            "local": { "enabled": false },
            "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen", "requests_per_minute": {{requestsPerMinute}} },
            "openrouter": { "enabled": false } } } } }
        """;

    /// <summary>The chat calls an upstream received (<c>/health</c> probes it with <c>GET /models</c> as well).</summary>
    private static int Calls(LoopbackProviderServer upstream) => upstream.Requests.Count(r => r.Method == "POST");

    // A generous Redis bound: on a busy machine (the suite runs its tests in parallel) a 250 ms wait can run out, and the
    // instance then rightly counts in process — a different rule from the shared one these tests check. The outage tests
    // stop the server, which fails fast whatever the bound.
    private static GatewayHost Instance(string overlay, string redis, string prefix) =>
        new(overlay, ("Gateway:Redis", redis), ("Gateway:RedisKeyPrefix", prefix), ("Gateway:RedisTimeoutMilliseconds", "5000"));

    private static ServerReply[] Answers(int count) => Enumerable.Range(0, count).Select(_ => Fixtures.Reply(Answer)).ToArray();

    private static async Task<HttpStatusCode> PostAsync(HttpClient http)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(Request));
        return response.StatusCode;
    }

    private static async Task<JsonElement> HealthAsync(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;

    private static JsonElement Route(JsonElement health, string name) =>
        health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "local:assistant")
            .GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    /// <summary>A test that fills a minute window must not straddle two: it starts after the next minute begins if less
    /// than <paramref name="needed"/> is left of this one.</summary>
    private static async Task StartOfAWindowAsync(TimeSpan needed)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        TimeSpan left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerMinute);
        if (left < needed)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public async Task Two_instances_hold_one_routes_request_limit_exactly()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(40));
        string overlay = LimitedOverlay(vllm.Endpoint, requestsPerMinute: 7);
        using GatewayHost one = Instance(overlay, redis.Configuration, prefix);
        using GatewayHost two = Instance(overlay, redis.Configuration, prefix);
        using HttpClient first = one.CreateClient();
        using HttpClient second = two.CreateClient();
        await WaitUntilSharedAsync(first);
        await WaitUntilSharedAsync(second);
        await StartOfAWindowAsync(TimeSpan.FromSeconds(20));

        // 24 requests at once, half through each instance: one window of 7 in Redis decides for both.
        HttpStatusCode[] statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => PostAsync(i % 2 == 0 ? first : second)));

        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(17, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(7, Calls(vllm));
    }

    [Fact]
    public async Task A_circuit_one_instance_opened_keeps_the_other_away_and_shows_in_its_health()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Enumerable.Range(0, 4).Select(_ => Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json", 500)).ToArray());
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Answers(6));
        string overlay = Overlay(vllm.Endpoint, openRouter.Endpoint);
        using GatewayHost one = Instance(overlay, redis.Configuration, prefix);
        using GatewayHost two = Instance(overlay, redis.Configuration, prefix);
        using HttpClient first = one.CreateClient();
        using HttpClient second = two.CreateClient();
        await WaitUntilSharedAsync(first);
        await WaitUntilSharedAsync(second);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(first));
        Assert.Equal(1, Calls(vllm));
        // The second instance admits from its mirror of the circuits, which the first one's notice (pub/sub) updates within
        // milliseconds; the bound is for a loaded machine.
        var store = (RedisRoutingStateStore)two.Services.GetRequiredService<GatewayRoutingState>().Store!;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (store.Mirrored("circuit:route:local:assistant/vllm").BlockedUntil == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second instance never heard that the circuit opened");
            await Task.Delay(5);
        }

        // The second instance never sent to the vLLM route: the first one's open circuit, in Redis, kept it away.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second));
        Assert.Equal(1, Calls(vllm));
        Assert.Equal(2, Calls(openRouter));
        JsonElement route = Route(await HealthAsync(second), "vllm");
        Assert.Equal("open", route.GetProperty("circuit").GetString());
        Assert.False(route.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task A_retry_after_pause_one_instance_met_shows_in_the_others_health_and_keeps_it_away()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Enumerable.Range(0, 4).Select(_ =>
            Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "90" } }).ToArray());
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Answers(6));
        string overlay = Overlay(vllm.Endpoint, openRouter.Endpoint);
        using GatewayHost one = Instance(overlay, redis.Configuration, prefix);
        using GatewayHost two = Instance(overlay, redis.Configuration, prefix);
        using HttpClient first = one.CreateClient();
        using HttpClient second = two.CreateClient();
        await WaitUntilSharedAsync(first);
        await WaitUntilSharedAsync(second);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(first));

        JsonElement route = Route(await HealthAsync(second), "vllm");
        DateTimeOffset pausedUntil = route.GetProperty("paused_until").GetDateTimeOffset();
        Assert.InRange(pausedUntil, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(80), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(91));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second));
        Assert.Equal(1, Calls(vllm));
    }

    [Fact]
    public async Task A_restarted_instance_keeps_the_windows_and_the_usage_counters()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(10));
        string overlay = LimitedOverlay(vllm.Endpoint, requestsPerMinute: 3);
        await StartOfAWindowAsync(TimeSpan.FromSeconds(30));
        using (GatewayHost before = Instance(overlay, redis.Configuration, prefix))
        {
            using HttpClient http = before.CreateClient();
            await WaitUntilSharedAsync(http);
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
            await WaitForCountersAsync(before, requests: 2);
        }

        using GatewayHost after = Instance(overlay, redis.Configuration, prefix);
        using HttpClient again = after.CreateClient();
        await WaitUntilSharedAsync(again);

        // The window of 3 already holds the 2 calls made before the restart.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(again));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync(again));
        IReadOnlyDictionary<string, long> usage = await WaitForCountersAsync(after, requests: 3);
        // The unrestricted caller's fields (its key name is empty): the ledger's one count of usage per key, model and route.
        Assert.True(usage[":output_tokens"] > 0);
        Assert.Equal(3, Calls(vllm));
    }

    [Fact]
    public async Task Redis_down_at_start_serves_from_process_state_says_degraded_then_rejoins()
    {
        int port = RedisTestServer.FreePort();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(10));
        using GatewayHost gateway = Instance(LimitedOverlay(vllm.Endpoint, requestsPerMinute: 100), $"127.0.0.1:{port}", RedisTestServer.NewPrefix());
        using HttpClient http = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
        JsonElement health = await HealthAsync(http);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        JsonElement state = health.GetProperty("state");
        Assert.Equal("redis", state.GetProperty("backend").GetString());
        Assert.False(state.GetProperty("shared").GetBoolean());
        Assert.Contains($"127.0.0.1:{port}", state.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using RedisTestServer redis = RedisTestServer.StartGarnet(port);
        await WaitUntilSharedAsync(http);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
        Assert.Equal("ok", (await HealthAsync(http)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Redis_going_down_mid_run_keeps_every_request_served_and_health_degraded_until_it_is_back()
    {
        using RedisTestServer redis = RedisTestServer.StartGarnet();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(20));
        using GatewayHost gateway = Instance(LimitedOverlay(vllm.Endpoint, requestsPerMinute: 100), redis.Configuration, RedisTestServer.NewPrefix());
        using HttpClient http = gateway.CreateClient();
        await WaitUntilSharedAsync(http);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http));

        redis.Stop();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
        }

        // Each wait for Redis is bounded (250 ms), and after a failure Redis is left alone for a second.
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"five requests took {timer.Elapsed} with Redis down");
        await WaitUntilAsync(http, shared: false);

        redis.Restart();
        await WaitUntilSharedAsync(http);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http));
        Assert.Equal(7, Calls(vllm));
    }

    private static Task WaitUntilSharedAsync(HttpClient http) => WaitUntilAsync(http, shared: true);

    /// <summary>Polls <c>/health</c> until its state is (or is not) shared; StackExchange.Redis reconnects in the background.</summary>
    private static async Task WaitUntilAsync(HttpClient http, bool shared)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            JsonElement state = (await HealthAsync(http)).GetProperty("state");
            if (state.GetProperty("shared").GetBoolean() == shared)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/health did not say shared={shared} within 30 s: {state}");
            await Task.Delay(100);
        }
    }

    /// <summary>Today's usage counters of the vLLM route, read from the store once they show <paramref name="requests"/>
    /// (each call's charge is awaited before its answer, so they are there at once; the wait is only a bound).</summary>
    private static async Task<IReadOnlyDictionary<string, long>> WaitForCountersAsync(GatewayHost gateway, int requests)
    {
        IRoutingStateStore store = gateway.Services.GetRequiredService<GatewayRoutingState>().Store!;
        string name = KeyLedger.UsageName(DateOnly.FromDateTime(DateTime.UtcNow), "local:assistant", "vllm");
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            IReadOnlyDictionary<string, long> usage = await store.ReadCounterSetAsync(name, CancellationToken.None);
            if (usage.GetValueOrDefault(":requests") == requests)
            {
                return usage;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the usage counters did not reach {requests} requests: {string.Join(", ", usage.Select(v => v.Key + "=" + v.Value))}");
            await Task.Delay(50);
        }
    }
}

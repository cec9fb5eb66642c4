using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Tests.Routing;

/// <summary>Failures of one route that must move the call to the next one, faulted by a real loopback upstream:
/// stalls, odd <c>Retry-After</c> values, a body that is not JSON, a refused key.</summary>
public sealed class RouteFailureTests
{
    private const string Answer = "chat-completions/deepseek-reasoner-tool-call.json";
    private const string StreamedAnswer = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
    private const string SecretKey = "sk-route-a-secret-key";

    /// <summary>A short bound, so a stall costs a fraction of a second.</summary>
    // 1 s, not less: the bound applies to the healthy route too, and a busy machine must not make that one time out.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>Route A (weight 1, always picked first) and route B (weight 0, the fallback).</summary>
    private static RoutedChatClient TwoRoutes(
        LoopbackProviderServer a, LoopbackProviderServer b, TimeSpan? timeout = null, TimeProvider? time = null,
        ILoggerFactory? logs = null, TimeSpan? maxPause = null) =>
        new(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "a", Client = TestClients.Create(a, provider: "a", apiKey: SecretKey), Weight = 1, Timeout = timeout },
                new ChatRoute { Name = "b", Client = TestClients.Create(b, provider: "b"), Weight = 0, Timeout = timeout },
            ],
            ModelId = "test:routed",
            Offload = false,
            TimeProvider = time ?? TimeProvider.System,
            LoggerFactory = logs,
            MaxRoutePause = maxPause ?? new RoutedChatClientOptions().MaxRoutePause,
        });

    private static async Task<string> AskAsync(RoutedChatClient client, bool streamed)
    {
        if (!streamed)
        {
            ChatResponse response = await client.GetResponseAsync(TestClients.Ask("weather?"));
            return response.GetRoutedCallInfo()!.Route;
        }

        string? route = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("weather?")))
        {
            route ??= update.GetRoutedCallInfo()?.Route;
        }

        return route!;
    }

    private static ServerReply Serving(bool streamed) => Fixtures.Reply(streamed ? StreamedAnswer : Answer);

    /// <summary>The first <paramref name="events"/> events of a recording, as the upstream sent them.</summary>
    private static byte[] Opening(string recording, int events) => Encoding.UTF8.GetBytes(string.Concat(
        Encoding.UTF8.GetString(Fixtures.Bytes(recording)).Split("\n\n").Take(events).Select(e => e + "\n\n")));

    public static TheoryData<string, bool> Stalls => new()
    {
        { "before headers", false },
        { "before headers", true },
        { "after headers", false },
        { "after headers", true },
        { "after a keep-alive and a role-only chunk", true },
    };

    private static ServerReply Stall(string kind, bool streamed) => kind switch
    {
        "before headers" => ServerReply.Hanging(),
        "after headers" => ServerReply.StalledAfterHeaders(streamed ? "text/event-stream" : "application/json", []),
        // OpenRouter's recorded opening: two keep-alive comments and a role-only chunk with empty content, then nothing.
        _ => ServerReply.StalledAfterHeaders("text/event-stream", Opening("chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse", 3)),
    };

    [Theory]
    [MemberData(nameof(Stalls))]
    public async Task A_hung_route_falls_back_to_the_next_and_leaves_rotation(string stall, bool streamed)
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(Stall(stall, streamed));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(streamed), Serving(streamed));
        var logs = new TestLog();
        using RoutedChatClient client = TwoRoutes(a, b, timeout: Bound, logs: logs);

        var elapsed = Stopwatch.StartNew();
        string first = await AskAsync(client, streamed);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), "the stall must cost the route's bound, not hang the call");

        Assert.Equal("b", first);
        RouteStatus hung = client.GetRouteStatuses()[0];
        Assert.Equal(RouteCircuitState.Open, hung.State);
        Assert.Equal(1, hung.ConsecutiveFailures);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("route a failed", StringComparison.Ordinal)
            && e.Message.Contains("1 s", StringComparison.Ordinal));

        // A is out of rotation: the next call goes to B without trying A.
        Assert.Equal("b", await AskAsync(client, streamed));
        Assert.Single(a.Requests);
        Assert.Equal(2, b.Requests.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_route_timeout_the_documented_default_bound_applies(bool streamed)
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(streamed));
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "a", Client = TestClients.Create(a, provider: "a"), Weight = 1 },
                new ChatRoute { Name = "b", Client = TestClients.Create(b, provider: "b"), Weight = 0 },
            ],
            Offload = false,
            FirstContentTimeout = Bound,
            AttemptTimeout = Bound,
        });

        Assert.Equal("b", await AskAsync(client, streamed));
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);
        Assert.Equal(TimeSpan.FromSeconds(30), new RoutedChatClientOptions().FirstContentTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), new RoutedChatClientOptions().AttemptTimeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_during_a_stall_is_a_cancellation_not_a_route_failure(bool streamed)
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(streamed));
        using RoutedChatClient client = TwoRoutes(a, b, timeout: TimeSpan.FromMinutes(5));
        using var caller = new CancellationTokenSource(Bound);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            if (streamed)
            {
                await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(TestClients.Ask("hi"), cancellationToken: caller.Token))
                {
                }
            }
            else
            {
                await client.GetResponseAsync(TestClients.Ask("hi"), cancellationToken: caller.Token);
            }
        });

        Assert.Equal(RouteCircuitState.Closed, client.GetRouteStatuses()[0].State);
        Assert.Equal(0, client.GetRouteStatuses()[0].ConsecutiveFailures);
        Assert.Empty(b.Requests);
    }

    [Theory]
    [InlineData("retry-after-ms", "5e14")]
    [InlineData("retry-after-ms", "1e300")]
    [InlineData("retry-after-ms", "NaN")]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("Retry-After", "86400")]
    [InlineData("Retry-After", "1e300")]
    [InlineData("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("Retry-After", "not a date")]
    public async Task Any_retry_after_value_falls_back_and_pauses_the_route_at_most_the_cap(string header, string value)
    {
        ServerReply limited = Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with
        {
            Headers = new Dictionary<string, string> { [header] = value },
        };
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(limited);
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(false));
        var time = new ManualTimeProvider();
        using RoutedChatClient client = TwoRoutes(a, b, time: time, maxPause: TimeSpan.FromMinutes(2));

        Assert.Equal("b", await AskAsync(client, streamed: false));

        RouteStatus paused = client.GetRouteStatuses()[0];
        Assert.NotNull(paused.UnavailableUntil); // at least the circuit's cooldown
        Assert.True(paused.UnavailableUntil <= time.GetUtcNow() + TimeSpan.FromMinutes(2));
        Assert.True(paused.PausedUntil is null || paused.PausedUntil <= time.GetUtcNow() + TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_day_long_retry_after_on_every_route_pauses_them_for_the_cap_only()
    {
        ServerReply Limited() => Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "86400" },
        };
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(Limited());
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Limited(), Serving(false));
        var time = new ManualTimeProvider();
        using RoutedChatClient client = TwoRoutes(a, b, time: time);

        await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));
        NoRouteAvailableException away = await Assert.ThrowsAsync<NoRouteAvailableException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal(TimeSpan.FromMinutes(5), away.RetryAfter);
        Assert.All(client.GetRouteStatuses(), s =>
        {
            Assert.False(s.IsAvailable);
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), s.PausedUntil);
        });

        // Five minutes later (not a day) the routes take calls again.
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal("b", await AskAsync(client, streamed: false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_success_status_whose_body_is_an_html_page_falls_back(bool streamed)
    {
        var html = new ServerReply(200, "text/html; charset=utf-8", "<html><body><h1>Welcome to the proxy</h1></body></html>"u8.ToArray());
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(html);
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(streamed));
        using RoutedChatClient client = TwoRoutes(a, b);

        Assert.Equal("b", await AskAsync(client, streamed));
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);
    }

    [Fact]
    public async Task A_success_status_whose_json_body_is_cut_falls_back()
    {
        var cut = new ServerReply(200, "application/json", """{"id":"chatcmpl-1","choices":[{"message":{"role":"assis"""u8.ToArray());
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(cut);
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(false));
        using RoutedChatClient client = TwoRoutes(a, b);

        Assert.Equal("b", await AskAsync(client, streamed: false));
    }

    [Theory]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(401, true)]
    public async Task A_route_whose_key_is_refused_falls_back_cools_down_and_logs_no_key(int status, bool streamed)
    {
        var refused = new ServerReply(status, "application/json",
            Encoding.UTF8.GetBytes($$$"""{"error":{"message":"Incorrect API key provided: {{{SecretKey}}}","type":"invalid_request_error","code":"invalid_api_key"}}"""));
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(refused);
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(streamed), Serving(streamed));
        var logs = new TestLog();
        var time = new ManualTimeProvider();
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "a", Client = TestClients.Create(a, provider: "a", apiKey: SecretKey), Weight = 1 },
                new ChatRoute { Name = "b", Client = TestClients.Create(b, provider: "b"), Weight = 0 },
            ],
            Offload = false,
            LoggerFactory = logs,
            TimeProvider = time,
            // A refused key is refused again: the route cools down at once, whatever the threshold.
            FailureThreshold = 5,
        });

        Assert.Equal("b", await AskAsync(client, streamed));
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);
        Assert.Equal("b", await AskAsync(client, streamed));
        Assert.Single(a.Requests);

        Assert.Contains(logs.Entries, e => e.Message.Contains("refused the route's credentials", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(SecretKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_transport_never_retries_a_refused_key_on_the_same_route()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(401, "application/json", """{"error":{"message":"bad key"}}"""u8.ToArray()),
            new ServerReply(403, "application/json", """{"error":{"message":"forbidden"}}"""u8.ToArray()));
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 3);

        await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));
        await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Max_tokens_is_clamped_to_each_routes_own_limit_on_the_wire()
    {
        // Route A's own profile allows 256 output tokens; route B has none, so the routed model's 1000 applies to it.
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(Serving(false));
        var logs = new TestLog();
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute
                {
                    Name = "a", Weight = 1,
                    Client = TestClients.Create(a, provider: "a", profile: new ModelProfile { Provider = "a", Model = "test-model", MaxOutputTokens = 256 }),
                },
                new ChatRoute { Name = "b", Client = TestClients.Create(b, provider: "b"), Weight = 0 },
            ],
            ModelId = "test:routed",
            Offload = false,
            Profile = new ModelProfile { Provider = "test", Model = "routed", MaxOutputTokens = 1000 },
            LoggerFactory = logs,
        });

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { MaxOutputTokens = 50_000 });

        Assert.Equal(256, a.SingleRequest.Json.GetProperty("max_tokens").GetInt32());
        Assert.Equal(1000, b.SingleRequest.Json.GetProperty("max_tokens").GetInt32());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains("b:test:routed allows at most 1000 output tokens; 50000 requested", StringComparison.Ordinal));
    }

    [Fact]
    public void Retry_after_is_read_defensively_in_every_form()
    {
        DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        TimeSpan? Read(string header, string value)
        {
            using var response = new HttpResponseMessage();
            response.Headers.TryAddWithoutValidation(header, value);
            return RetryPolicy.ReadRetryAfter(response.Headers, now);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(250), Read("retry-after-ms", "250"));
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), Read("retry-after-ms", "1.5"));
        Assert.Equal(RetryPolicy.LongestRetryAfter, Read("retry-after-ms", "5e14"));
        Assert.Equal(RetryPolicy.LongestRetryAfter, Read("retry-after-ms", "1e300"));
        Assert.Equal(RetryPolicy.LongestRetryAfter, Read("retry-after-ms", "Infinity"));
        Assert.Null(Read("retry-after-ms", "NaN"));
        Assert.Null(Read("retry-after-ms", "-1"));
        Assert.Null(Read("retry-after-ms", "later"));
        Assert.Equal(TimeSpan.FromSeconds(3), Read("Retry-After", "3"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), Read("Retry-After", "2.5"));
        Assert.Equal(TimeSpan.FromDays(1), Read("Retry-After", "86400"));
        Assert.Equal(RetryPolicy.LongestRetryAfter, Read("Retry-After", "99999999999999999999"));
        Assert.Null(Read("Retry-After", "-30"));
        Assert.Null(Read("Retry-After", "garbage"));
        Assert.Equal(TimeSpan.FromSeconds(30), Read("Retry-After", now.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture)));
        Assert.Equal(TimeSpan.Zero, Read("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT"));
        Assert.Equal(RetryPolicy.LongestRetryAfter, Read("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));
    }
}

using System.Net;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Tests.Routing;

public sealed class RoutedChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello there")];

    private static RoutedChatClient Routed(TimeProvider? time = null, Func<double>? random = null, params (ScriptedChatClient Client, double Weight)[] routes) =>
        new(new RoutedChatClientOptions
        {
            Routes = routes.Select(r => new ChatRoute { Name = r.Client.Name, Client = r.Client, Weight = r.Weight }).ToList(),
            ModelId = "test:routed",
            Offload = false,
            TimeProvider = time ?? TimeProvider.System,
            RandomSource = random,
            Cooldown = TimeSpan.FromSeconds(30),
        });

    [Fact]
    public async Task Weights_hold_over_many_calls()
    {
        var heavy = new ScriptedChatClient("heavy");
        var light = new ScriptedChatClient("light");
        var random = new Random(1234);
        using RoutedChatClient client = Routed(random: random.NextDouble, routes: [(heavy, 3), (light, 1)]);

        const int calls = 4000;
        for (int i = 0; i < calls; i++)
        {
            await client.GetResponseAsync(Hello);
        }

        // Expected share 0.75; a binomial standard deviation is sqrt(0.75·0.25/4000) ≈ 0.0068, so ±0.03 is over 4 sigma.
        double share = heavy.Calls / (double)calls;
        Assert.InRange(share, 0.72, 0.78);
        Assert.Equal(calls, heavy.Calls + light.Calls);
    }

    [Fact]
    public async Task A_retriable_failure_falls_back_to_the_next_route_and_names_the_route()
    {
        var primary = new ScriptedChatClient("primary") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.ServiceUnavailable) };
        var backup = new ScriptedChatClient("backup");
        using RoutedChatClient client = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal("answer from backup", response.Text);
        Assert.Equal(1, primary.Calls);
        Assert.Equal("backup", response.GetRoutedCallInfo()?.Route);
    }

    [Theory]
    [InlineData(0.0, "a,b,d,c")]   // the weighted pick lands on the first route; the rest by weight, b before d (declared first)
    [InlineData(0.99, "d,b,c,a")]  // the pick lands on the last route; b (weight 3) still leads the rest
    [InlineData(0.2, "b,d,c,a")]   // 0.2 of the total 9 is 1.8: past a (1), inside b
    public async Task After_the_weighted_pick_the_routes_are_tried_by_descending_weight_in_declaration_order(double random, string expectedOrder)
    {
        var tried = new List<string>();
        ScriptedChatClient Failing(string name) =>
            new(name) { FailWith = () => { tried.Add(name); return ScriptedChatClient.Status(HttpStatusCode.ServiceUnavailable); } };
        using RoutedChatClient client = Routed(random: () => random, routes: [(Failing("a"), 1), (Failing("b"), 3), (Failing("c"), 2), (Failing("d"), 3)]);

        // Every route failed: the last one tried answers with its own error.
        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(expectedOrder, string.Join(",", tried));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_request_error_is_not_retried_elsewhere(HttpStatusCode status)
    {
        var primary = new ScriptedChatClient("primary") { FailWith = () => ScriptedChatClient.Status(status) };
        var backup = new ScriptedChatClient("backup");
        using RoutedChatClient client = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task A_failed_route_cools_down_then_one_probe_closes_it()
    {
        var time = new ManualTimeProvider();
        var primary = new ScriptedChatClient("primary") { FailWith = () => new HttpRequestException("refused") };
        var backup = new ScriptedChatClient("backup");
        using RoutedChatClient client = Routed(time, () => 0, (primary, 5), (backup, 1));

        await client.GetResponseAsync(Hello);
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);

        // While open, the route is not even tried.
        await client.GetResponseAsync(Hello);
        await client.GetResponseAsync(Hello);
        Assert.Equal(1, primary.Calls);
        Assert.Equal(3, backup.Calls);

        // After the cooldown one probe goes through; it fails, so the route opens again for a full cooldown.
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(RouteCircuitState.HalfOpen, client.GetRouteStatuses()[0].State);
        await client.GetResponseAsync(Hello);
        Assert.Equal(2, primary.Calls);
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);

        // The next probe succeeds and closes the circuit: traffic returns.
        time.Advance(TimeSpan.FromSeconds(31));
        primary.FailWith = null;
        ChatResponse response = await client.GetResponseAsync(Hello);
        Assert.Equal("answer from primary", response.Text);
        Assert.Equal(RouteCircuitState.Closed, client.GetRouteStatuses()[0].State);
    }

    [Fact]
    public async Task Retry_after_pauses_the_route_and_every_route_down_is_a_clear_error()
    {
        var time = new ManualTimeProvider();
        var only = new ScriptedChatClient("only") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(90)) };
        using RoutedChatClient client = Routed(time, () => 0, (only, 1));

        await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(Hello));
        NoRouteAvailableException error = await Assert.ThrowsAsync<NoRouteAvailableException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(1, only.Calls);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
        Assert.Contains("only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_breaks_before_content_falls_back()
    {
        var primary = new ScriptedChatClient("primary") { FailWith = () => new ChatProviderException("stream ended early", "fake") };
        var backup = new ScriptedChatClient("backup");
        using RoutedChatClient client = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        string text = string.Concat(updates.Select(u => u.Text));
        Assert.Equal("backup-part0 backup-part1 backup-part2 ", text);
        Assert.DoesNotContain("primary", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_throws_from_the_call_itself_falls_back_as_one_whose_task_fails()
    {
        var primary = new ScriptedChatClient("primary") { FailWith = () => ScriptedChatClient.Status(HttpStatusCode.ServiceUnavailable), ThrowAtCall = true };
        var backup = new ScriptedChatClient("backup");
        // One routed client per call: the first failure cools the primary route down.
        using RoutedChatClient whole = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);
        using RoutedChatClient streamed = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);

        ChatResponse response = await whole.GetResponseAsync(Hello);
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in streamed.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        Assert.Equal("answer from backup", response.Text);
        Assert.Equal("backup-part0 backup-part1 backup-part2 ", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, primary.Calls);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_content_is_an_error_never_a_spliced_answer()
    {
        var primary = new ScriptedChatClient("primary") { BreakStreamAfter = 1 };
        var backup = new ScriptedChatClient("backup");
        using RoutedChatClient client = Routed(random: () => 0, routes: [(primary, 5), (backup, 1)]);

        List<string> received = [];
        await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal("primary-part0 ", string.Concat(received));
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task Usage_is_estimated_when_none_is_sent_and_priced_from_the_profile()
    {
        var upstream = new ScriptedChatClient("up");
        var pricing = new ModelPricing { Prompt = 0.000001m, Completion = 0.000002m };
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [new ChatRoute { Name = "up", Client = upstream }],
            Offload = false,
            Profile = new ModelProfile { Provider = "p", Model = "m", Pricing = pricing },
        });

        ChatResponse response = await client.GetResponseAsync(Hello);

        // "hello there" is 11 characters → 3 tokens, plus 4 for the message; "answer from up" is 14 characters → 4 tokens.
        Assert.Equal(7, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        RoutedCallInfo info = response.GetRoutedCallInfo()!;
        Assert.True(info.UsageEstimated);
        Assert.Equal(7 * 0.000001m + 4 * 0.000002m, info.Cost);
    }

    [Fact]
    public async Task Reported_usage_is_kept_and_cached_tokens_are_priced_at_the_cache_price()
    {
        var upstream = new ScriptedChatClient("up") { Usage = new UsageDetails { InputTokenCount = 1000, CachedInputTokenCount = 800, OutputTokenCount = 100 } };
        var pricing = new ModelPricing { Prompt = 0.001m, Completion = 0.002m, InputCacheRead = 0.0001m };
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [new ChatRoute { Name = "up", Client = upstream, Pricing = pricing }],
            Offload = false,
        });

        ChatResponseUpdate? usageUpdate = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
        {
            if (update.Contents.OfType<UsageContent>().Any())
            {
                usageUpdate = update;
            }
        }

        Assert.NotNull(usageUpdate);
        RoutedCallInfo info = usageUpdate.GetRoutedCallInfo()!;
        Assert.False(info.UsageEstimated);
        Assert.Equal(200 * 0.001m + 800 * 0.0001m + 100 * 0.002m, info.Cost);
        Assert.Equal(1100, usageUpdate.Contents.OfType<UsageContent>().Single().Details.TotalTokenCount);
    }

    [Fact]
    public async Task A_stream_without_usage_ends_with_an_estimated_usage_update()
    {
        var upstream = new ScriptedChatClient("up");
        using RoutedChatClient client = Routed(routes: [(upstream, 1)]);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello))
        {
            updates.Add(update);
        }

        UsageContent usage = Assert.Single(updates[^1].Contents.OfType<UsageContent>());
        Assert.True(updates[^1].GetRoutedCallInfo()!.UsageEstimated);
        Assert.Equal(UsageEstimator.EstimateOutputTokens("up-part0 up-part1 up-part2 ".Length), usage.Details.OutputTokenCount);
    }

    [Fact]
    public void Images_count_as_a_fixed_number_of_tokens()
    {
        ChatMessage message = new(ChatRole.User, [new TextContent("abcd"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);

        long tokens = UsageEstimator.EstimateInputTokens([message]);

        Assert.Equal(UsageEstimator.TokensPerMessage + 1 + UsageEstimator.TokensPerImage, tokens);
    }
}

public sealed class RoutedChatClientProbeAndTelemetryTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello there")];

    [Fact]
    public async Task A_caller_that_cancels_its_probe_does_not_leave_the_route_stuck_half_open()
    {
        var time = new ManualTimeProvider();
        var primary = new ScriptedChatClient("primary") { FailWith = () => new HttpRequestException("refused") };
        var backup = new ScriptedChatClient("backup");
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [new ChatRoute { Name = "primary", Client = primary, Weight = 5 }, new ChatRoute { Name = "backup", Client = backup, Weight = 1 }],
            Offload = false,
            TimeProvider = time,
            RandomSource = () => 0,
        });
        await client.GetResponseAsync(Hello);
        time.Advance(TimeSpan.FromSeconds(31));

        // The probe hangs and its caller gives up.
        primary.FailWith = null;
        primary.Hang = true;
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Hello, cancellationToken: cancel.Token))
                {
                    Assert.Fail("nothing was sent: " + update.Text);
                }
            });
        }

        // The route's probe is free again: the next call probes it and closes the circuit.
        primary.Hang = false;
        ChatResponse response = await client.GetResponseAsync(Hello);
        Assert.Equal("answer from primary", response.Text);
        Assert.Equal(RouteCircuitState.Closed, client.GetRouteStatuses()[0].State);
    }

    [Fact]
    public async Task Fallbacks_tokens_cost_and_time_to_first_token_are_measured()
    {
        string failing = "failing-" + Guid.NewGuid().ToString("N");
        string serving = "serving-" + Guid.NewGuid().ToString("N");
        var measurements = new List<(string Instrument, double Value, string? Route)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RoutingTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? route = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                route = tag.Key == "route" ? tag.Value as string : route;
            }

            if (route == failing || route == serving)
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, route));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = failing, Client = new ScriptedChatClient(failing) { FailWith = () => ScriptedChatClient.Status(System.Net.HttpStatusCode.BadGateway) }, Weight = 5 },
                new ChatRoute { Name = serving, Client = new ScriptedChatClient(serving), Weight = 1, Pricing = new ModelPricing { Prompt = 0.01m, Completion = 0.02m } },
            ],
            Offload = false,
            RandomSource = () => 0,
        });

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Hello))
        {
        }

        Assert.Contains(measurements, m => m.Instrument == "modelregistry.routing.fallbacks" && m.Route == failing && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "modelregistry.routing.time_to_first_token" && m.Route == serving);
        Assert.Contains(measurements, m => m.Instrument == "modelregistry.routing.tokens" && m.Route == serving && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "modelregistry.routing.cost" && m.Route == serving && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "modelregistry.routing.calls" && m.Route == serving);
    }
}

public sealed class RoutingLogTests
{
    [Fact]
    public async Task Fallback_and_cooldown_are_logged_with_model_and_route()
    {
        var logs = new TestLog();
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "gpu", Client = new ScriptedChatClient("gpu") { FailWith = () => ScriptedChatClient.Status(System.Net.HttpStatusCode.ServiceUnavailable) }, Weight = 5 },
                new ChatRoute { Name = "cloud", Client = new ScriptedChatClient("cloud"), Weight = 1 },
            ],
            ModelId = "lab:qwen",
            Offload = false,
            RandomSource = () => 0,
            LoggerFactory = logs,
        });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Contains(logs.Entries, e => e.EventId == 102 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message == "lab:qwen: route gpu failed (HTTP 503); trying the next route.");
        Assert.Contains(logs.Entries, e => e.EventId == 103 && e.Message.StartsWith("lab:qwen: route gpu is cooling down for 30 s", StringComparison.Ordinal));
    }
}

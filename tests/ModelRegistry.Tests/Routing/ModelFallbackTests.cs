using System.Text;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Routing;

/// <summary>Model fallbacks, the context-window pre-check and key rotation, loaded from profiles/fallback-lab.json and
/// served by real loopback upstreams (one per model).</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ModelFallbackTests
{
    private const string Answer = "chat-completions/deepseek-reasoner-tool-call.json";
    private const string StreamedAnswer = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
    private const string KeyOne = "sk-fallback-lab-first-secret";
    private const string KeyTwo = "sk-fallback-lab-second-secret";

    private static EnvironmentScope Keys() => new(("FALLBACK_LAB_KEY_1", KeyOne), ("FALLBACK_LAB_KEY_2", KeyTwo));

    /// <summary>Points each model's one route at its server.</summary>
    private static ChatModelSettings Settings(LoopbackProviderServer small, LoopbackProviderServer large, LoopbackProviderServer last, TestLog? log = null)
    {
        string Route(LoopbackProviderServer server) => $$"""{ "routes": { "127.0.0.1:9": { "base_url": "{{server.Endpoint}}" } } }""";
        string json = $$"""{ "models": { "fallback-lab:small": {{Route(small)}}, "fallback-lab:large": {{Route(large)}}, "fallback-lab:last": {{Route(last)}} } }""";
        return new ChatModelSettings { RoutingOverlay = RoutingOverlay.Parse(Encoding.UTF8.GetBytes(json)), LoggerFactory = log };
    }

    private static ServerReply Failing(int status = 500) => ServerReply.Json("""{"error":{"message":"upstream down"}}""", status);

    private static ServerReply Serving(bool streamed) => Fixtures.Reply(streamed ? StreamedAnswer : Answer);

    private static async Task<string?> AskAsync(IChatClient client, bool streamed, string prompt = "weather?")
    {
        if (!streamed)
        {
            return (await client.GetResponseAsync(TestClients.Ask(prompt))).GetServedModel();
        }

        string? served = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask(prompt)))
        {
            served ??= update.GetServedModel();
        }

        return served;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_every_route_of_a_model_fails_the_fallbacks_are_tried_in_order_and_the_answer_names_the_one_that_served(bool streamed)
    {
        using EnvironmentScope keys = Keys();
        await using var small = await LoopbackProviderServer.StartAsync(Failing(), Failing());
        await using var large = await LoopbackProviderServer.StartAsync(Serving(streamed), Failing(503));
        await using var last = await LoopbackProviderServer.StartAsync(Serving(streamed));
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:small", Settings(small, large, last));

        Assert.Equal("fallback-lab:large", await AskAsync(client, streamed));
        Assert.Equal("large-wire", large.SingleRequest.Json.GetProperty("model").GetString());
        Assert.Empty(last.Requests);

        // The small route is cooling down now; the large one fails with a 503 (not a key problem: no rotation), so the
        // last model answers.
        Assert.Equal("fallback-lab:last", await AskAsync(client, streamed));
        Assert.Single(small.Requests);
        Assert.Equal(2, large.Requests.Count);
        Assert.Equal("last-wire", last.SingleRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_stream_that_fails_after_its_first_content_is_not_answered_by_a_fallback()
    {
        using EnvironmentScope keys = Keys();
        byte[] opening = Encoding.UTF8.GetBytes(string.Concat(
            Encoding.UTF8.GetString(Fixtures.Bytes(StreamedAnswer)).Split("\n\n").Take(3).Select(e => e + "\n\n")));
        await using var small = await LoopbackProviderServer.StartAsync(new ServerReply(200, "text/event-stream", opening) { AbortAfterBody = true });
        await using var large = await LoopbackProviderServer.StartAsync(Serving(streamed: true));
        await using var last = await LoopbackProviderServer.StartAsync(Serving(streamed: true));
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:small", Settings(small, large, last));

        var received = new List<ChatResponseUpdate>();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("weather?")))
            {
                received.Add(update);
            }
        });

        Assert.Contains(received, u => u.Text.Length > 0);
        Assert.Equal("fallback-lab:small", received[0].GetServedModel());
        Assert.Empty(large.Requests);
        Assert.Empty(last.Requests);
    }

    [Fact]
    public async Task A_prompt_larger_than_a_models_window_skips_it_before_any_call_and_reaches_the_fallback_with_a_larger_one()
    {
        using EnvironmentScope keys = Keys();
        await using var small = await LoopbackProviderServer.StartAsync(Serving(streamed: false));
        await using var large = await LoopbackProviderServer.StartAsync(Serving(streamed: false));
        await using var last = await LoopbackProviderServer.StartAsync(Serving(streamed: false));
        var log = new TestLog();
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:small", Settings(small, large, last, log));

        // About 250 tokens: more than small's 60, well inside large's 100 000.
        Assert.Equal("fallback-lab:large", await AskAsync(client, streamed: false, prompt: new string('x', 1000)));

        Assert.Empty(small.Requests);
        Assert.Single(large.Requests);
        Assert.Contains(log.Entries, e => e.Message.Contains("fallback-lab:small", StringComparison.Ordinal) && e.Message.Contains("trying fallback model fallback-lab:large", StringComparison.Ordinal));

        // A short prompt fits the small window and stays on the model itself.
        Assert.Equal("fallback-lab:small", await AskAsync(client, streamed: false));
        Assert.Single(small.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_prompt_too_large_for_every_route_fails_with_the_typed_exception_before_any_upstream_call(bool streamed)
    {
        using EnvironmentScope keys = Keys();
        await using var small = await LoopbackProviderServer.StartAsync(Serving(streamed));
        await using var large = await LoopbackProviderServer.StartAsync(Serving(streamed));
        await using var last = await LoopbackProviderServer.StartAsync(Serving(streamed));
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:large", Settings(small, large, last));

        ContextWindowExceededException error = await Assert.ThrowsAsync<ContextWindowExceededException>(
            () => AskAsync(client, streamed, prompt: new string('x', 600_000)));

        Assert.Equal("fallback-lab:large", error.Model);
        Assert.Equal(100_000, error.MaxInputTokens);
        Assert.True(error.EstimatedInputTokens > 100_000, $"estimate {error.EstimatedInputTokens}");
        Assert.Contains("100000", error.Message, StringComparison.Ordinal);
        Assert.Empty(large.Requests);
    }

    [Theory]
    [InlineData(429, false)]
    [InlineData(429, true)]
    [InlineData(401, false)]
    [InlineData(403, true)]
    public async Task A_limited_or_refused_key_rotates_to_the_next_key_of_the_route_which_then_serves(int status, bool streamed)
    {
        using EnvironmentScope keys = Keys();
        await using var small = await LoopbackProviderServer.StartAsync();
        await using var large = await LoopbackProviderServer.StartAsync(Failing(status), Serving(streamed), Serving(streamed));
        await using var last = await LoopbackProviderServer.StartAsync(Serving(streamed));
        var log = new TestLog();
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:large", Settings(small, large, last, log));

        await AskAsync(client, streamed);
        // The second key stays current: the next call does not go back to the first.
        await AskAsync(client, streamed);

        Assert.Equal(["Bearer " + KeyOne, "Bearer " + KeyTwo, "Bearer " + KeyTwo], large.Requests.Select(r => r.Headers["Authorization"]));
        Assert.Empty(last.Requests);
        LogEntry rotated = Assert.Single(log.Entries, e => e.Message.Contains("rotating to key #2", StringComparison.Ordinal));
        Assert.Contains($"HTTP {status} with key #1 of 2", rotated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(KeyOne, StringComparison.Ordinal) || e.Message.Contains(KeyTwo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_key_is_refused_the_route_fails_and_no_key_appears_in_the_exception_or_the_log()
    {
        using EnvironmentScope keys = Keys();
        await using var small = await LoopbackProviderServer.StartAsync();
        await using var large = await LoopbackProviderServer.StartAsync(Failing(401), Failing(401));
        await using var last = await LoopbackProviderServer.StartAsync();
        var log = new TestLog();
        using IChatClient client = FallbackLabModels.LoadChatModel("fallback-lab:large", Settings(small, large, last, log));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("weather?")));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(["Bearer " + KeyOne, "Bearer " + KeyTwo], large.Requests.Select(r => r.Headers["Authorization"]));
        string everything = error.ToString() + string.Join("\n", log.Entries.Select(e => e.Message));
        Assert.DoesNotContain(KeyOne, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyTwo, everything, StringComparison.Ordinal);
        RoutedChatClient routed = Assert.IsType<RoutedChatClient>(client.GetService(typeof(RoutedChatClient)));
        Assert.DoesNotContain(KeyOne, routed.Routes[0].ToString() + client.GetService<ModelProfile>(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlay_fallback_that_names_no_model_or_closes_a_cycle_is_a_problem_at_start_up()
    {
        RoutingOverlay overlay = RoutingOverlay.Parse(Encoding.UTF8.GetBytes("""
            { "models": {
              "fallback-lab:large": { "fallbacks": ["small"] },
              "fallback-lab:last": { "fallbacks": ["fallback-lab:nothing"] }
            } }
            """));

        IReadOnlyList<string> problems = overlay.Validate((provider, model) =>
            FallbackLabModels.TryGetProfile(provider, model, out ModelProfile? profile) ? profile : null);

        Assert.Contains(problems, p => p.Contains("fallback 'fallback-lab:nothing' of 'fallback-lab:last' is not a compiled model", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("fallback-lab:large -> fallback-lab:small -> fallback-lab:large", StringComparison.Ordinal));
        // The same cycle stops a load that did not validate first.
        Assert.Throws<ModelConfigurationException>(() =>
            FallbackLabModels.LoadChatModel("fallback-lab:large", new ChatModelSettings { RoutingOverlay = overlay }));
    }

    [Fact]
    public void An_overlay_entry_with_a_literal_in_api_keys_is_refused_without_echoing_it()
    {
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => RoutingOverlay.Parse(Encoding.UTF8.GetBytes(
            """{ "models": { "fallback-lab:large": { "routes": { "127.0.0.1:9": { "api_keys": ["${A}", "sk-literal-overlay-key"] } } } } }""")));

        Assert.Contains("api_keys[1] must be an environment reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-literal-overlay-key", error.Message, StringComparison.Ordinal);
    }
}

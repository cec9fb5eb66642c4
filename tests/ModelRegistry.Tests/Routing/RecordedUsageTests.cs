using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Tests.Routing;

/// <summary>Routing over the library's real client, against recorded provider answers served on loopback.</summary>
public sealed class RecordedUsageTests
{
    [Fact]
    public async Task DeepSeek_cache_hits_are_priced_at_the_cache_read_price()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-tool-call.json"));
        var pricing = new ModelPricing { Prompt = 0.00000055m, InputCacheRead = 0.00000014m, Completion = 0.00000219m };
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [new ChatRoute { Name = "deepseek", Client = TestClients.Create(server, provider: "deepseek"), Pricing = pricing }],
            Offload = false,
        });

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("weather?"));

        // The recording: 339 prompt tokens of which 320 hit DeepSeek's cache, 92 completion tokens (48 of them reasoning).
        Assert.Equal(339, response.Usage!.InputTokenCount);
        Assert.Equal(320, response.Usage.CachedInputTokenCount);
        Assert.Equal(48, response.Usage.ReasoningTokenCount);
        RoutedCallInfo info = response.GetRoutedCallInfo()!;
        Assert.False(info.UsageEstimated);
        Assert.Equal(19 * 0.00000055m + 320 * 0.00000014m + 92 * 0.00000219m, info.Cost);
    }

    [Fact]
    public async Task A_real_503_moves_the_call_to_the_next_route()
    {
        await using LoopbackProviderServer failing = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        await using LoopbackProviderServer serving = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-tool-call.json"));
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "llamacpp", Client = TestClients.Create(failing, provider: "llamacpp"), Weight = 1 },
                new ChatRoute { Name = "deepseek", Client = TestClients.Create(serving, provider: "deepseek"), Weight = 0 },
            ],
            Offload = false,
        });

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("weather?"));

        Assert.Equal("deepseek", response.GetRoutedCallInfo()!.Route);
        Assert.Single(failing.Requests);
        Assert.Equal(RouteCircuitState.Open, client.GetRouteStatuses()[0].State);
    }

    [Fact]
    public async Task An_upstream_retry_after_pauses_the_route_for_that_long()
    {
        ServerReply limited = Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "120" },
        };
        await using LoopbackProviderServer failing = await LoopbackProviderServer.StartAsync(limited);
        await using LoopbackProviderServer serving = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-tool-call.json"));
        var time = new ManualTimeProvider();
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "openrouter", Client = TestClients.Create(failing, provider: "openrouter"), Weight = 1 },
                new ChatRoute { Name = "deepseek", Client = TestClients.Create(serving, provider: "deepseek"), Weight = 0 },
            ],
            Offload = false,
            TimeProvider = time,
            Cooldown = TimeSpan.FromSeconds(5),
        });

        await client.GetResponseAsync(TestClients.Ask("weather?"));

        // The cooldown is 5 s, but the provider asked for 120: the route stays away until then.
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(120), client.GetRouteStatuses()[0].UnavailableUntil);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.NotNull(client.GetRouteStatuses()[0].UnavailableUntil);
    }
}

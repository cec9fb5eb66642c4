using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Usage;

/// <summary>Usage accounting applies to every loaded model, not only routed ones: a plain profiled model reports its cost.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class PlainModelUsageTests
{
    [Fact]
    public async Task A_plain_model_with_pricing_reports_the_cost_of_a_recorded_call()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-tool-call.json"));
        using IChatClient chat = TestModels.LoadChatModel("vllm:qwen3-4b", new ChatModelSettings { Endpoint = server.Endpoint });

        ChatResponse response = await chat.GetResponseAsync(TestClients.Ask("weather?"));

        // vllm:qwen3-4b is priced at 0 (profiles/vllm.json): a cost of 0, where a model without pricing reports none.
        RoutedCallInfo info = response.GetRoutedCallInfo()!;
        Assert.Equal("vllm", info.Route);
        Assert.False(info.UsageEstimated);
        Assert.Equal(0m, info.Cost);
        Assert.Equal(0m, response.AdditionalProperties![RoutedCallInfo.CostKey]);
        Assert.Equal(339, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task A_plain_model_without_pricing_reports_usage_but_no_cost()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-tool-call.json"));
        using IChatClient chat = TestModels.LoadChatModel("vllm:llama3.1:8b", new ChatModelSettings { Endpoint = server.Endpoint });

        ChatResponse response = await chat.GetResponseAsync(TestClients.Ask("weather?"));

        RoutedCallInfo info = response.GetRoutedCallInfo()!;
        Assert.Null(info.Cost);
        Assert.False(response.AdditionalProperties!.ContainsKey(RoutedCallInfo.CostKey));
    }
}

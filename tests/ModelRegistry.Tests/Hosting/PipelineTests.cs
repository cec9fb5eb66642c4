using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary><c>ConfigureChatClient</c>: the pipeline every model the registry hands out gets, or one provider's or model's.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class PipelineTests
{
    private const string ToolCall = "chat-completions/vllm-crusoe-glm-5.2-reasoning-tool-call.json";
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public async Task UseFunctionInvocation_on_every_model_runs_the_recorded_tool_call_and_answers()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall), Fixtures.Reply(TextAnswer));
        using ServiceProvider services = HostedServices.Build(HostedServices.Vllm(server), registry => registry.ConfigureChatClient(b => b.UseFunctionInvocation()));
        var cities = new List<string>();
        AIFunction weather = AIFunctionFactory.Create(
            (string city) =>
            {
                cities.Add(city);
                return $"Sunny in {city}, 21 °C";
            },
            "get_weather",
            "Gets the weather of a city.");

        ChatResponse response = await services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b")
            .GetResponseAsync(TestClients.Ask("What is the weather in Paris?"), new ChatOptions { Tools = [weather] });

        Assert.Equal(["Paris"], cities);
        Assert.Equal(2, server.Requests.Count);
        JsonElement[] history = server.Requests[1].Json.GetProperty("messages").EnumerateArray().ToArray();
        JsonElement toolResult = history.Single(message => message.GetProperty("role").GetString() == "tool");
        Assert.Equal("chatcmpl-tool-bbb91941bf76335c", toolResult.GetProperty("tool_call_id").GetString());
        Assert.Contains("Sunny in Paris", toolResult.GetProperty("content").GetString(), StringComparison.Ordinal);
        RecordedAnswer recorded = RecordedAnswer.FromCompletion(Fixtures.Json(TextAnswer));
        Assert.Equal(recorded.Content.ToString(), response.Text);
    }

    [Fact]
    public void Steps_for_a_provider_or_a_model_apply_only_to_it_and_after_the_steps_for_every_model()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_API_KEY", "or-key"), ("MODELREGISTRY_TEST_TITLE", "tests"));
                using ServiceProvider services = HostedServices.Build(
            new Dictionary<string, string?>(),
            registry => registry
                .ConfigureChatClient(b => b.Use(inner => new Marker(inner, "all")))
                .ConfigureChatClient("VLLM", b => b.Use(inner => new Marker(inner, "vllm")))
                .ConfigureChatClient("vllm:qwen3", b => b.Use(inner => new Marker(inner, "qwen3-4b"))));
        IModelRegistry registry = services.GetRequiredService<IModelRegistry>();

        using IChatClient qwen = registry.LoadChatModel("vllm:qwen3-4b");
        using IChatClient llama = registry.LoadChatModel("vllm:llama3.1:8b");
        using IChatClient openrouter = registry.LoadChatModel("openrouter:some-model");

        Assert.Equal(["all", "vllm", "qwen3-4b"], Layers(qwen));
        Assert.Equal(["all", "vllm"], Layers(llama));
        Assert.Equal(["all"], Layers(openrouter));
        Assert.NotNull(qwen.GetService(typeof(OpenAICompatibleChatClient)));
    }

    [Fact]
    public void A_step_for_a_provider_the_registry_does_not_declare_is_refused_with_a_suggestion()
    {
        var services = new ServiceCollection();
        ModelRegistryBuilder registry = services.AddModelRegistry(TestModels.Registry);

        ArgumentException exception = Assert.Throws<ArgumentException>(() => registry.ConfigureChatClient("vlm:qwen3-4b", b => b.UseFunctionInvocation()));

        Assert.Contains("Did you mean 'vllm'?", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The marker names from the outermost layer in.</summary>
    private static List<string> Layers(IChatClient client)
    {
        var names = new List<string>();
        for (IChatClient current = client; current is Marker layer; current = layer.Inner)
        {
            names.Add(layer.Name);
        }

        return names;
    }

    private sealed class Marker(IChatClient inner, string name) : DelegatingChatClient(inner)
    {
        public string Name { get; } = name;

        public IChatClient Inner => InnerClient;
    }
}

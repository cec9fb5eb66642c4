using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>The pipeline docs/hosting.md shows (every model, one provider, one model by alias), built by a real container.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class DocumentedPipelineTests
{
    [Fact]
    public void Each_step_wraps_the_models_it_names_and_only_them()
    {
        using var environment = new EnvironmentScope();
        using ServiceProvider services = HostedServices.Build(
            new Dictionary<string, string?>(),
            registry => registry
                .ConfigureChatClient(b => b.UseFunctionInvocation().UseOpenTelemetry())   // every model
                .ConfigureChatClient("vllm", b => b.UseLogging())                         // the models of one provider
                .ConfigureChatClient("vllm:qwen3", b => b.UseDistributedCache()),         // one model, by id or alias
            configureServices: s => s.AddDistributedMemoryCache());

        IChatClient qwen = services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
        using IChatClient llama = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:llama3.1:8b");

        Assert.NotNull(qwen.GetService<FunctionInvokingChatClient>());
        Assert.NotNull(qwen.GetService<OpenTelemetryChatClient>());
        Assert.NotNull(qwen.GetService<LoggingChatClient>());
        Assert.NotNull(qwen.GetService<DistributedCachingChatClient>());
        Assert.NotNull(llama.GetService<LoggingChatClient>());
        Assert.Null(llama.GetService<DistributedCachingChatClient>());
        Assert.NotNull(qwen.GetService<OpenAICompatibleChatClient>());
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>The whole generator (parsers, builder, emitter) on the representative declaration and its profile JSON,
/// the result compiled and loaded in memory: what the declaration and the file say is what the registry answers.</summary>
public sealed class GeneratedRegistryBehaviourTests
{
    [Fact]
    public void Answers_what_the_declaration_and_profiles_say()
    {
        using InMemoryAssembly assembly = Load(out GeneratedRegistryApi api);

        Assert.True(api.TryGetProvider("OPENROUTER", out ProviderInfo openRouter));
        Assert.Equal([new("HTTP-Referer", "https://example.org"), new("X-Title", "${APP_TITLE}")], openRouter.Headers.ToArray());
        Assert.True(api.TryGetProvider("Local", out ProviderInfo local));
        Assert.Equal("EchoChatClient", local.ChatClientType?.Name);

        Assert.True(api.TryGetProfile("vllm", "QWEN3", out ModelProfile qwen));
        Assert.Equal("qwen3-4b", qwen.Model);
        Assert.Equal(32768, qwen.MaxInputTokens);
        Assert.True(qwen.ToolCalling);
        Assert.Equal(0m, qwen.Pricing?.Prompt);
        Assert.Equal(ToolChoiceSupport.Auto | ToolChoiceSupport.Required, qwen.Compatibility.SupportedToolChoice);
        Assert.Equal(ReasoningContentKeepType.Temp, qwen.Compatibility.ReasoningContentKeepType);
        Assert.True(api.TryGetProfile("vllm", "llama3.1:8b", out ModelProfile llama));
        Assert.Equal("Llama 3.1 8B", llama.Name);

        Assert.Equal(new ChatModelId("vllm", "qwen3-4b"), InMemoryAssembly.GetStatic(api.Nested("Vllm"), "Qwen3_4B"));
        IChatClient client = api.Load((ChatModelId)InMemoryAssembly.GetStatic(api.Nested("Vllm"), "Qwen3_4B")!);
        Assert.Same(qwen, client.GetService<ModelProfile>());
    }

    [Fact]
    public void Constructs_the_case_one_client_the_resolver_chose()
    {
        using InMemoryAssembly assembly = Load(out GeneratedRegistryApi api);
        var settings = new ChatModelSettings { Endpoint = new Uri("http://127.0.0.1:9/v1"), ApiKey = "k" };
        IChatClient client = api.Load("echo-1", "local", settings);

        Type echoType = assembly.GetType("Contoso.AI.EchoChatClient");
        object inner = client.GetService(echoType)!;
        Assert.Equal("echo-1", echoType.GetProperty("Model")!.GetValue(inner));
        Assert.Equal(settings.Endpoint, echoType.GetProperty("Endpoint")!.GetValue(inner));
        Assert.Same(settings, echoType.GetProperty("Settings")!.GetValue(inner));
        Assert.Equal("k", echoType.GetProperty("ApiKey")!.GetValue(inner));
        Assert.Equal("local", client.GetService<ChatClientMetadata>()?.ProviderName);
    }

    private static InMemoryAssembly Load(out GeneratedRegistryApi api)
    {
        GeneratorRun run = GeneratorHarness.Run(RepresentativeDeclaration.Sources, RepresentativeDeclaration.VllmProfilesFile());
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
        InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        api = new GeneratedRegistryApi(assembly.GetType("Contoso.AI.Models"));
        return assembly;
    }
}

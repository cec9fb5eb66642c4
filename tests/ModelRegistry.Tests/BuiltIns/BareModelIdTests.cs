using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>A model id without <c>provider:</c> loads from <c>PREFERRED_PROVIDER</c>, with the built-ins present.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BareModelIdTests
{
    [Fact]
    public void WithoutAPreferredProviderTheErrorListsTheProviders()
    {
        using var environment = new EnvironmentScope(("OPENAI_API_KEY", "sk-test"));
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("gpt-4o-mini"));
        Assert.Contains("PREFERRED_PROVIDER", error.Message, StringComparison.Ordinal);
        Assert.Contains("openai", error.Available);
        Assert.Contains("vllm", error.Available);
        Assert.Contains("echo", error.Available);
        Assert.Equal(TestModels.Providers.Length, error.Available.Count);
    }

    [Fact]
    public void APreferredBuiltInLoadsTheModel()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openai"), ("OPENAI_API_KEY", "sk-test"));
        using IChatClient client = TestModels.LoadChatModel("gpt-4o-mini");
        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Equal("gpt-4o-mini", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://api.openai.com/v1"), metadata.ProviderUri);
    }

    [Fact]
    public void APreferredProviderNameComparesIgnoringCaseAndResolvesAliases()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "VLLM"));
        using IChatClient client = TestModels.LoadChatModel("qwen3");
        Assert.Equal("qwen3-4b", client.GetService<ModelProfile>()!.Model);
    }

    [Fact]
    public void AnUnknownPreferredProviderNamesTheVariable()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openia"));
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("gpt-4o-mini"));
        Assert.Contains("PREFERRED_PROVIDER", error.Message, StringComparison.Ordinal);
        Assert.Contains("'openia'", error.Message, StringComparison.Ordinal);
        Assert.Equal("openia", error.Requested);
        Assert.Equal("openai", error.Suggestion);
    }

    [Fact]
    public void AnExplicitProviderIgnoresThePreferredOne()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openia"), ("DEEPSEEK_API_KEY", "sk-test"));
        using IChatClient client = TestModels.LoadChatModel("deepseek:deepseek-chat");
        Assert.Equal("deepseek", client.GetService<ChatClientMetadata>()!.ProviderName);
    }
}

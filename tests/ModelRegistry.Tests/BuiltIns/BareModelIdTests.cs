using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>A model id without <c>provider:</c> loads from <c>PREFERRED_PROVIDER</c>, with the built-ins present.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BareModelIdTests
{
    [Fact]
    public void Without_a_preferred_provider_the_error_lists_the_providers()
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
    public void A_preferred_built_in_loads_the_model()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openai"), ("OPENAI_API_KEY", "sk-test"));
        using IChatClient client = TestModels.LoadChatModel("gpt-4o-mini");
        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Equal("gpt-4o-mini", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://api.openai.com/v1"), metadata.ProviderUri);
    }

    [Fact]
    public void A_preferred_provider_name_compares_ignoring_case_and_resolves_aliases()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "VLLM"));
        using IChatClient client = TestModels.LoadChatModel("qwen3");
        Assert.Equal("qwen3-4b", client.GetService<ModelProfile>()!.Model);
    }

    [Fact]
    public void An_unknown_preferred_provider_names_the_variable()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openia"));
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("gpt-4o-mini"));
        Assert.Contains("PREFERRED_PROVIDER", error.Message, StringComparison.Ordinal);
        Assert.Contains("'openia'", error.Message, StringComparison.Ordinal);
        Assert.Equal("openia", error.Requested);
        Assert.Equal("openai", error.Suggestion);
    }

    [Fact]
    public void An_explicit_provider_ignores_the_preferred_one()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openia"), ("DEEPSEEK_API_KEY", "sk-test"));
        using IChatClient client = TestModels.LoadChatModel("deepseek:deepseek-chat");
        Assert.Equal("deepseek", client.GetService<ChatClientMetadata>()!.ProviderName);
    }
}

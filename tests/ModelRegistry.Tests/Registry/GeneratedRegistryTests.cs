using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Registry;

/// <summary>The registry generated from <see cref="TestModels"/> and profiles/vllm.json, used the way DESIGN.md shows.
/// In the environment collection: loading reads the environment, which other tests change.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class GeneratedRegistryTests
{
    [Fact]
    public void Every_call_shape_loads_the_same_model()
    {
        using var environment = new EnvironmentScope();
        IChatClient[] clients =
        [
            TestModels.LoadChatModel("vllm:qwen3-4b"),
            TestModels.LoadChatModel("qwen3-4b", "vllm"),
            TestModels.LoadChatModel(TestModels.Vllm.Qwen3_4B),
            TestModels.Vllm.LoadChatModel("qwen3-4b"),
            TestModels.LoadChatModel("VLLM:qwen3"),
        ];

        foreach (IChatClient client in clients)
        {
            Assert.Equal("qwen3-4b", client.GetService<ModelProfile>()?.Model);
            ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();
            Assert.Equal("vllm", metadata?.ProviderName);
            Assert.Equal("qwen3-4b", metadata?.DefaultModelId);
            Assert.Equal(new Uri("http://localhost:8000/v1"), metadata?.ProviderUri);
        }
    }

    [Fact]
    public void A_model_without_a_profile_still_loads()
    {
        using var environment = new EnvironmentScope();
#pragma warning disable MR0016 // On purpose: a model no profile lists.
        IChatClient client = TestModels.Vllm.LoadChatModel("any-model");
#pragma warning restore MR0016
        Assert.Null(client.GetService<ModelProfile>());
        Assert.Equal("any-model", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Model_ids_split_at_the_first_colon()
    {
        using var environment = new EnvironmentScope();
        IChatClient client = TestModels.LoadChatModel("vllm:llama3.1:8b");
        ModelProfile? profile = client.GetService<ModelProfile>();
        Assert.Equal("llama3.1:8b", profile?.Model);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void TryGetProvider_ignores_case()
    {
        Assert.True(TestModels.TryGetProvider("OpenRouter", out ProviderInfo? openRouter));
        Assert.Equal("openrouter", openRouter.Name);
        Assert.Equal("https://openrouter.ai/api/v1", openRouter.BaseUrl);
        Assert.Contains(new KeyValuePair<string, string>("HTTP-Referer", "https://example.org"), openRouter.Headers);
        Assert.False(TestModels.TryGetProvider("open-router", out _));
        Assert.Same(TestModels.Vllm.Info, TestModels.Providers.Single(p => p.Name == "vllm"));
        // Built-in providers (DESIGN.md) may join the list; the declared ones come ordinal-sorted.
        Assert.Equal(["echo", "openrouter", "remote-lab", "vllm"], TestModels.Providers.Where(p => !p.IsBuiltIn).Select(p => p.Name));
        Assert.Equal(TestModels.Providers.Select(p => p.Name).Order(StringComparer.Ordinal), TestModels.Providers.Select(p => p.Name));
    }

    [Fact]
    public void TryGetProfile_finds_ids_and_aliases_with_their_values()
    {
        Assert.True(TestModels.TryGetProfile("vllm", "qwen3", out ModelProfile? byAlias));
        Assert.True(TestModels.TryGetProfile("VLLM", "Qwen3-4B", out ModelProfile? byId));
        Assert.Same(byId, byAlias);
        Assert.Equal("Qwen3 4B", byId.Name);
        Assert.Equal(32768, byId.MaxInputTokens);
        Assert.Equal(8192, byId.MaxOutputTokens);
        Assert.True(byId.ToolCalling);
        Assert.Equal(0m, byId.Pricing?.Completion);
        Assert.Equal(ReasoningContentKeepType.Retain, byId.Compatibility.ReasoningContentKeepType);
        Assert.Equal(ToolChoiceSupport.Auto | ToolChoiceSupport.Required, byId.Compatibility.SupportedToolChoice);
        Assert.Equal(ResponseFormatSupport.JsonSchema, byId.Compatibility.SupportedResponseFormat);

        Assert.False(TestModels.TryGetProfile("vllm", "qwen3-8b", out _));
        Assert.False(TestModels.TryGetProfile("openrouter", "qwen3", out _));
    }

    [Fact]
    public void Every_provider_kind_answers_its_profile_and_metadata()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_API_KEY", "test-key"), ("MODELREGISTRY_TEST_TITLE", "tests"), ("REMOTE_LAB_API_BASE", "https://lab.example/v1"), ("REMOTE_LAB_API_KEY", "lab-key"));
        foreach (string id in (string[])["vllm:qwen3-4b", "openrouter:openrouter/auto", "remote-lab:m", "echo:e1"])
        {
            IChatClient client = TestModels.LoadChatModel(id);
            ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();
            Assert.Equal(id[..id.IndexOf(':')], metadata?.ProviderName);
            Assert.Equal(id[(id.IndexOf(':') + 1)..], metadata?.DefaultModelId);
            Assert.Equal(id[..id.IndexOf(':')], client.GetService<ProviderInfo>()?.Name);
            Assert.Equal(id == "vllm:qwen3-4b", client.GetService<ModelProfile>() is not null);
        }
    }

    [Fact]
    public void The_case_one_client_is_constructed_with_the_resolved_values()
    {
        using var environment = new EnvironmentScope(("ECHO_API_BASE", "http://127.0.0.1:5000/v1"), ("ECHO_API_KEY", "echo-key"));
        var settings = new ChatModelSettings { Temperature = 0.5f };
        IChatClient client = TestModels.Echo.LoadChatModel("parrot", settings);

        TestEchoChatClient inner = Assert.IsType<TestEchoChatClient>(client.GetService<TestEchoChatClient>());
        Assert.Equal("parrot", inner.Model);
        Assert.Equal(new Uri("http://127.0.0.1:5000/v1"), inner.Endpoint);
        Assert.Equal("echo-key", inner.ApiKey);
        Assert.Same(settings, inner.Settings);
        Assert.Null(inner.Profile);
        Assert.Equal(typeof(TestEchoChatClient), TestModels.Echo.Info.ChatClientType);
    }

    [Fact]
    public async Task The_case_one_client_answers_through_the_wrapper()
    {
        using var environment = new EnvironmentScope();
        IChatClient client = TestModels.LoadChatModel("echo:parrot");
        ChatResponse response = await client.GetResponseAsync("hello");
        Assert.Equal("parrot heard: hello", response.Text);
    }

    [Fact]
    public void An_unknown_provider_names_what_was_asked_what_exists_and_the_closest_match()
    {
        using var environment = new EnvironmentScope();
#pragma warning disable MR0015 // On purpose: the run-time error for what the analyzer reports at build time.
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("openrouterr:x"));
#pragma warning restore MR0015
        Assert.Equal("openrouterr", error.Requested);
        Assert.Equal("openrouter", error.Suggestion);
        Assert.Contains("'openrouterr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'openrouter'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("vllm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_id_without_a_preferred_provider_lists_the_providers()
    {
        using var environment = new EnvironmentScope();
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("qwen3-4b"));
        Assert.Contains("PREFERRED_PROVIDER", error.Message, StringComparison.Ordinal);
        Assert.Equal(TestModels.Providers.Select(p => p.Name), error.Available);
        Assert.Contains("remote-lab", error.Available);
    }

    [Fact]
    public void A_bare_id_uses_the_preferred_provider()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "vllm"));
        IChatClient client = TestModels.LoadChatModel("qwen3");
        Assert.Equal("qwen3-4b", client.GetService<ModelProfile>()?.Model);
    }

    [Fact]
    public void An_unknown_preferred_provider_is_named()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "vllmm"));
        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("qwen3"));
        Assert.Equal("vllmm", error.Requested);
        Assert.Equal("vllm", error.Suggestion);
    }
}

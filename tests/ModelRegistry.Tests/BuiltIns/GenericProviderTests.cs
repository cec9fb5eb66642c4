using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>The generic provider <c>openai-compatible</c>, configured entirely from <c>OPENAI_COMPATIBLE_*</c> variables.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class GenericProviderTests
{
    private const string Model = "openai-compatible:meta-llama/llama-3.3-70b-instruct";

    [Fact]
    public void Without_a_base_url_the_error_names_the_variable()
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_API_KEY", "k"));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel(Model));
        Assert.Equal("OPENAI_COMPATIBLE_BASE_URL", error.VariableName);
        Assert.Contains("OPENAI_COMPATIBLE_BASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Equal("openai-compatible", error.Provider);
    }

    [Theory]
    [InlineData("OPENAI_COMPATIBLE_BASE_URL")]
    [InlineData("OPENAI_COMPATIBLE_API_BASE")]
    public void Either_variable_sets_the_endpoint(string variable)
    {
        using var environment = new EnvironmentScope((variable, "http://inference.internal:9000/v1"));
        using IChatClient client = TestModels.LoadChatModel(Model);
        Assert.Equal(new Uri("http://inference.internal:9000/v1"), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public void Api_base_wins_over_base_url()
    {
        using var environment = new EnvironmentScope(
            ("OPENAI_COMPATIBLE_API_BASE", "http://api-base.internal/v1"), ("OPENAI_COMPATIBLE_BASE_URL", "http://base-url.internal/v1"));
        using IChatClient client = TestModels.LoadChatModel(Model);
        Assert.Equal(new Uri("http://api-base.internal/v1"), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Theory]
    [InlineData("https://openrouter.ai/api/v1", "openrouter")]
    [InlineData("https://api.openai.com/v1", "openai")]
    [InlineData("https://api.together.xyz/v1", "together")]
    [InlineData("https://contoso.openai.azure.com/openai/deployments/gpt-4o", "azure-openai")]
    [InlineData("https://api.deepseek.com", "deepseek")]
    [InlineData("https://api.groq.com/openai/v1", "groq")]
    [InlineData("https://api.mistral.ai/v1", "mistral")]
    [InlineData("https://api.x.ai/v1", "xai")]
    [InlineData("http://localhost:11434/v1", "ollama")]
    [InlineData("http://127.0.0.1:1234/v1", "lmstudio")]
    [InlineData("https://inference.example.org/v1", "openai-compatible")]
    [InlineData("http://localhost:9999/v1", "openai-compatible")]
    public void TheDisplayNameIsDetectedFromTheBaseUrl(string baseUrl, string displayName)
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_BASE_URL", baseUrl), ("OPENAI_COMPATIBLE_API_KEY", "k"));
        using IChatClient client = TestModels.LoadChatModel(Model);
        Assert.Equal(displayName, client.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Equal("openai-compatible", client.GetService<ProviderInfo>()!.Name);
    }

    [Fact]
    public void The_provider_name_variable_wins_over_detection()
    {
        using var environment = new EnvironmentScope(
            ("OPENAI_COMPATIBLE_BASE_URL", "https://openrouter.ai/api/v1"), ("OPENAI_COMPATIBLE_API_KEY", "k"), ("OPENAI_COMPATIBLE_PROVIDER_NAME", "my-gateway"));
        using IChatClient client = TestModels.LoadChatModel(Model);
        Assert.Equal("my-gateway", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Theory]
    [InlineData("vllm:qwen3-4b", "VLLM_PROVIDER_NAME")]
    [InlineData("echo:anything", "ECHO_PROVIDER_NAME")]
    public void Every_provider_takes_a_display_name_from_its_variable(string model, string variable)
    {
        using var environment = new EnvironmentScope((variable, "lab-cluster"));
        using IChatClient client = TestModels.LoadChatModel(model);
        Assert.Equal("lab-cluster", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public void Other_providers_keep_their_name_whatever_the_host()
    {
        using var environment = new EnvironmentScope(("VLLM_API_BASE", "https://openrouter.ai/api/v1"));
        using IChatClient client = TestModels.LoadChatModel("vllm:qwen3-4b");
        Assert.Equal("vllm", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public void A_known_hosted_provider_needs_a_key()
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_BASE_URL", "https://openrouter.ai/api/v1"));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel(Model));
        Assert.Equal("OPENAI_COMPATIBLE_API_KEY", error.VariableName);
        Assert.Contains("(openrouter)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://inference.example.org/v1")]
    [InlineData("http://localhost:11434/v1")]
    public void An_unknown_or_local_server_needs_no_key(string baseUrl)
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_BASE_URL", baseUrl));
        using IChatClient client = TestModels.LoadChatModel(Model);
        Assert.NotNull(client);
    }

    [Fact]
    public void Headers_timeout_and_retries_come_from_the_environment()
    {
        using var environment = new EnvironmentScope(
            ("OPENAI_COMPATIBLE_BASE_URL", "https://inference.example.org/v1"),
            ("OPENAI_COMPATIBLE_CUSTOM_HEADERS", """{"X-Title": "my-app", "X-Team": "search"}"""),
            ("OPENAI_COMPATIBLE_TIMEOUT", "12.5"),
            ("OPENAI_COMPATIBLE_MAX_RETRIES", "4"));
        ChatModelConfiguration configuration = GeneratedRegistrySupport.Resolve(
            TestModels.OpenaiCompatible.Info, "m", profile: null, settings: null, requiresEndpoint: true, requiresApiKey: true);

        Assert.Equal([new("X-Title", "my-app"), new("X-Team", "search")], configuration.Headers);
        Assert.Equal(TimeSpan.FromSeconds(12.5), configuration.Timeout);
        Assert.Equal(4, configuration.MaxRetries);
        Assert.Equal("openai-compatible", configuration.ProviderDisplayName);
    }

    [Fact]
    public async Task The_key_and_headers_reach_the_server()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/openai-gpt-4o-mini-cached-tokens.json"));
        using var environment = new EnvironmentScope(
            ("OPENAI_COMPATIBLE_BASE_URL", server.Endpoint.ToString()),
            ("OPENAI_COMPATIBLE_API_KEY", "sk-generic"),
            ("OPENAI_COMPATIBLE_CUSTOM_HEADERS", """{"X-Title": "my-app"}"""));
        using IChatClient client = TestModels.LoadChatModel(Model);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]);

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-generic", request.Headers["Authorization"]);
        Assert.Equal("my-app", request.Headers["X-Title"]);
        Assert.Equal("meta-llama/llama-3.3-70b-instruct", request.Json.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("OPENAI_COMPATIBLE_BASE_URL", "inference.example.org/v1")]
    [InlineData("OPENAI_COMPATIBLE_BASE_URL", "ftp://inference.example.org/v1")]
    [InlineData("OPENAI_COMPATIBLE_API_BASE", "relative/inference")]
    [InlineData("OPENAI_COMPATIBLE_CUSTOM_HEADERS", "X-Title: my-app")]
    [InlineData("OPENAI_COMPATIBLE_CUSTOM_HEADERS", """{"X-Retries": 3}""")]
    [InlineData("OPENAI_COMPATIBLE_CUSTOM_HEADERS", """["X-Title"]""")]
    [InlineData("OPENAI_COMPATIBLE_TIMEOUT", "30s")]
    [InlineData("OPENAI_COMPATIBLE_TIMEOUT", "0")]
    [InlineData("OPENAI_COMPATIBLE_MAX_RETRIES", "three")]
    public void A_bad_variable_is_an_error_at_load_naming_it(string variable, string value)
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_BASE_URL", "https://inference.example.org/v1"), (variable, value));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel(Model));
        Assert.Equal(variable, error.VariableName);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_restores_what_it_changed()
    {
        Assert.Null(Environment.GetEnvironmentVariable("OPENAI_COMPATIBLE_PROVIDER_NAME"));
        using (new EnvironmentScope(("OPENAI_COMPATIBLE_PROVIDER_NAME", "inner")))
        {
            Assert.Equal("inner", Environment.GetEnvironmentVariable("OPENAI_COMPATIBLE_PROVIDER_NAME"));
        }

        Assert.Null(Environment.GetEnvironmentVariable("OPENAI_COMPATIBLE_PROVIDER_NAME"));
    }
}

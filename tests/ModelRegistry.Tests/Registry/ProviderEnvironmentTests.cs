using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Registry;

/// <summary>Load-time resolution through the generated registry: settings, then the environment, then the declaration;
/// every missing or bad value names the variable to fix.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ProviderEnvironmentTests
{
    [Fact]
    public void The_declared_base_url_applies()
    {
        using var environment = new EnvironmentScope();
        Assert.Equal(new Uri("http://localhost:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
    }

    [Fact]
    public void Base_url_variable_overrides_the_declaration()
    {
        using var environment = new EnvironmentScope(("VLLM_BASE_URL", "http://base-url:8000/v1"));
        Assert.Equal(new Uri("http://base-url:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
    }

    [Fact]
    public void Api_base_variable_overrides_the_base_url_variable()
    {
        using var environment = new EnvironmentScope(("VLLM_API_BASE", "http://api-base:8000/v1"), ("VLLM_BASE_URL", "http://base-url:8000/v1"));
        Assert.Equal(new Uri("http://api-base:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
    }

    [Fact]
    public void The_environment_is_read_again_at_every_load()
    {
        using (new EnvironmentScope())
        {
            Assert.Equal(new Uri("http://localhost:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
        }

        using (new EnvironmentScope(("VLLM_API_BASE", "http://first:8000/v1")))
        {
            Assert.Equal(new Uri("http://first:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
        }

        using (new EnvironmentScope(("VLLM_BASE_URL", "http://second:8000/v1")))
        {
            Assert.Equal(new Uri("http://second:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
        }

        using (new EnvironmentScope())
        {
            Assert.Equal(new Uri("http://localhost:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b")));
        }
    }

    [Fact]
    public void Settings_override_the_environment()
    {
        using var environment = new EnvironmentScope(("VLLM_API_BASE", "http://api-base:8000/v1"));
        var settings = new ChatModelSettings { Endpoint = new Uri("http://settings:8000/v1") };
        Assert.Equal(new Uri("http://settings:8000/v1"), Endpoint(TestModels.LoadChatModel("vllm:qwen3-4b", settings)));
    }

    [Fact]
    public void A_missing_endpoint_names_the_variable()
    {
        using var environment = new EnvironmentScope(("REMOTE_LAB_API_KEY", "k"));
#pragma warning disable MR0016 // On purpose: a model without a profile still loads, so only the endpoint can fail here.
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("remote-lab:m"));
#pragma warning restore MR0016
        Assert.Equal("REMOTE_LAB_API_BASE", error.VariableName);
        Assert.Contains("REMOTE_LAB_API_BASE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_of_a_remote_provider_names_the_variable()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_TITLE", "tests"));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.Openrouter.LoadChatModel("openrouter/auto"));
        Assert.Equal("OPENROUTER_API_KEY", error.VariableName);
        Assert.Contains("OPENROUTER_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_provider_needs_no_key()
    {
        using var environment = new EnvironmentScope();
        Assert.True(TestModels.Vllm.Info.IsLocal);
        Assert.NotNull(TestModels.LoadChatModel("vllm:qwen3-4b"));
    }

    [Theory]
    [InlineData("VLLM_API_BASE", "not a uri")]
    [InlineData("VLLM_API_BASE", "ftp://files.example/v1")]
    [InlineData("VLLM_CUSTOM_HEADERS", "{\"X-App\": ")]
    [InlineData("VLLM_CUSTOM_HEADERS", "[\"X-App\"]")]
    [InlineData("VLLM_TIMEOUT", "soon")]
    [InlineData("VLLM_TIMEOUT", "-5")]
    [InlineData("VLLM_MAX_RETRIES", "many")]
    [InlineData("VLLM_STREAM_IDLE_TIMEOUT", "0")]
    [InlineData("VLLM_STREAM_IDLE_TIMEOUT", "a minute")]
    [InlineData("VLLM_MAX_RESPONSE_BYTES", "16MiB")]
    [InlineData("VLLM_MAX_RESPONSE_BYTES", "-1")]
    public void A_bad_variable_is_named_without_echoing_its_value(string variable, string value)
    {
        using var environment = new EnvironmentScope((variable, value));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("vllm:qwen3-4b"));
        Assert.Equal(variable, error.VariableName);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_and_retries_come_from_the_environment()
    {
        using var environment = new EnvironmentScope(("VLLM_TIMEOUT", "2.5"), ("VLLM_MAX_RETRIES", "4"));
        ChatModelConfiguration configuration = Resolve(TestModels.Vllm.Info, settings: null);
        Assert.Equal(TimeSpan.FromSeconds(2.5), configuration.Timeout);
        Assert.Equal(4, configuration.MaxRetries);
    }

    [Fact]
    public void The_stream_idle_timeout_and_the_answer_limit_come_from_the_environment_unless_the_settings_set_them()
    {
        using var environment = new EnvironmentScope(("VLLM_STREAM_IDLE_TIMEOUT", "2.5"), ("VLLM_MAX_RESPONSE_BYTES", "1048576"));

        ChatModelConfiguration fromEnvironment = Resolve(TestModels.Vllm.Info, settings: null);
        ChatModelConfiguration fromSettings = Resolve(TestModels.Vllm.Info, new ChatModelSettings { StreamIdleTimeout = TimeSpan.FromSeconds(7), MaxResponseBytes = 4096 });

        Assert.Equal(TimeSpan.FromSeconds(2.5), fromEnvironment.StreamIdleTimeout);
        Assert.Equal(1048576, fromEnvironment.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(7), fromSettings.StreamIdleTimeout);
        Assert.Equal(4096, fromSettings.MaxResponseBytes);
    }

    [Fact]
    public async Task A_loaded_model_ends_a_stalled_stream_after_the_idle_timeout_the_environment_sets()
    {
        const string Recording = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
        byte[] head = System.Text.Encoding.UTF8.GetBytes(string.Concat(
            System.Text.Encoding.UTF8.GetString(ModelRegistry.Tests.Client.Fixtures.Bytes(Recording)).Split("\n\n").Take(3).Select(e => e + "\n\n")));
        await using var server = await ModelRegistry.Tests.Client.LoopbackProviderServer.StartAsync(
            new ModelRegistry.Tests.Client.ServerReply(200, "text/event-stream", head) { HangAfterBody = true });
        using var environment = new EnvironmentScope(("VLLM_API_BASE", server.Endpoint.ToString()), ("VLLM_STREAM_IDLE_TIMEOUT", "0.3"));
        using IChatClient client = TestModels.LoadChatModel("vllm:qwen3-4b");

        var received = new List<ChatResponseUpdate>();
        Task reading = Task.Run(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                received.Add(update);
            }
        });

        Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))));
        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => reading);
        Assert.NotEmpty(received);
        Assert.Null(error.StatusCode);
        Assert.Contains("went silent for 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_headers_resolve_their_environment_references()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_TITLE", "registry tests"), ("OPENROUTER_API_KEY", "k"));
        ChatModelConfiguration configuration = Resolve(TestModels.Openrouter.Info, settings: null);
        Assert.Equal(
            [new("HTTP-Referer", "https://example.org"), new("X-Title", "registry tests")],
            configuration.Headers);
    }

    [Fact]
    public void An_unset_header_reference_names_the_variable()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_API_KEY", "k"));
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("openrouter:openrouter/auto"));
        Assert.Equal("MODELREGISTRY_TEST_TITLE", error.VariableName);
    }

    [Fact]
    public void A_replaced_declared_header_need_not_resolve()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_API_KEY", "k"));
        var settings = new ChatModelSettings { Headers = new Dictionary<string, string> { ["X-Title"] = "from settings" } };
        Assert.Contains(new KeyValuePair<string, string>("X-Title", "from settings"), Resolve(TestModels.Openrouter.Info, settings).Headers);
        Assert.NotNull(TestModels.LoadChatModel("openrouter:openrouter/auto", settings));
    }

    [Fact]
    public void Environment_and_settings_headers_replace_declared_ones()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_CUSTOM_HEADERS", "{\"X-Title\": \"from env\", \"X-Extra\": \"1\"}"), ("OPENROUTER_API_KEY", "k"));
        ChatModelConfiguration fromEnvironment = Resolve(TestModels.Openrouter.Info, settings: null);
        Assert.Equal(
            [new("HTTP-Referer", "https://example.org"), new("X-Title", "from env"), new("X-Extra", "1")],
            fromEnvironment.Headers);

        var settings = new ChatModelSettings { Headers = new Dictionary<string, string> { ["x-extra"] = "2" } };
        Assert.Contains(new KeyValuePair<string, string>("x-extra", "2"), Resolve(TestModels.Openrouter.Info, settings).Headers);
    }

    [Fact]
    public void The_key_comes_from_settings_before_the_environment_and_never_shows()
    {
        using var environment = new EnvironmentScope(("OPENROUTER_API_KEY", "env-secret"), ("MODELREGISTRY_TEST_TITLE", "t"));
        Assert.Equal("env-secret", Resolve(TestModels.Openrouter.Info, settings: null).ApiKey);
#pragma warning disable MR0018 // On purpose: a fake key, to prove settings win and the key never shows.
        ChatModelConfiguration configuration = Resolve(TestModels.Openrouter.Info, new ChatModelSettings { ApiKey = "settings-secret" });
#pragma warning restore MR0018
        Assert.Equal("settings-secret", configuration.ApiKey);
        Assert.DoesNotContain("secret", configuration.ToString(), StringComparison.Ordinal);
    }

    private static Uri? Endpoint(IChatClient client) => client.GetService<ChatClientMetadata>()?.ProviderUri;

    private static ChatModelConfiguration Resolve(ProviderInfo provider, ChatModelSettings? settings) =>
        GeneratedRegistrySupport.Resolve(provider, "m", profile: null, settings, requiresEndpoint: true, requiresApiKey: true);
}

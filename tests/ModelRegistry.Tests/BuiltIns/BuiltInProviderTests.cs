using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>One row per built-in of the data file: the generated <see cref="ProviderInfo"/> carries the row's values, the
/// provider loads with no declaration, and its requests carry the row's auth style, <c>api-version</c> and token field.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BuiltInProviderTests
{
    private const string AnyModel = "some-model";

    public static TheoryData<string> Names => BuiltInTable.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void The_generated_provider_carries_the_rows_values(string name)
    {
        BuiltInEntry expected = BuiltInTable.Entry(name);

        Assert.True(BuiltInModels.TryGetProvider(name, out ProviderInfo? info));
        Assert.Equal(name, info.Name);
        Assert.True(info.IsBuiltIn);
        Assert.Equal("openai-compatible", info.Kind);
        Assert.Equal(expected.BaseUrl, info.BaseUrl);
        Assert.Equal(expected.EnvironmentPrefix, info.EnvironmentPrefix);
        Assert.Equal(expected.IsLocal, info.IsLocal);
        Assert.Equal(expected.Authentication, info.Authentication);
        Assert.Equal(expected.ApiVersion, info.ApiVersion);
        Assert.Equal(expected.Compatibility, info.Compatibility);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void It_loads_from_its_own_endpoint_and_asks_for_what_is_missing(string name)
    {
        BuiltInEntry expected = BuiltInTable.Entry(name);
        string keyVariable = expected.EnvironmentPrefix + "_API_KEY";
        var environment = new List<(string, string?)>();
        if (expected.BaseUrl is null)
        {
            string endpointVariable = name == "openai-compatible" ? "OPENAI_COMPATIBLE_BASE_URL" : expected.EnvironmentPrefix + "_API_BASE";
            using (new EnvironmentScope((keyVariable, "test-key")))
            {
                ModelConfigurationException missingEndpoint = Assert.Throws<ModelConfigurationException>(() => BuiltInModels.LoadChatModel($"{name}:{AnyModel}"));
                Assert.Equal(endpointVariable, missingEndpoint.VariableName);
            }

            environment.Add((endpointVariable, "https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini"));
        }

        // The generic provider asks for a key only for a known hosted provider, which the Azure-style URL above is.
        if (!expected.IsLocal)
        {
            using (new EnvironmentScope([.. environment]))
            {
                ModelConfigurationException missingKey = Assert.Throws<ModelConfigurationException>(() => BuiltInModels.LoadChatModel($"{name}:{AnyModel}"));
                Assert.Equal(keyVariable, missingKey.VariableName);
            }

            environment.Add((keyVariable, "test-key"));
        }

        using (new EnvironmentScope([.. environment]))
        {
            using IChatClient client = BuiltInModels.LoadChatModel($"{name}:{AnyModel}");
            ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
            Assert.Equal(new Uri(expected.BaseUrl ?? environment[0].Item2!), metadata.ProviderUri);
            Assert.Equal(AnyModel, metadata.DefaultModelId);
            Assert.Same(BuiltInModels.Providers.Single(p => p.Name == name), client.GetService<ProviderInfo>());
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Its_requests_use_its_auth_style_and_token_field(string name)
    {
        BuiltInEntry expected = BuiltInTable.Entry(name);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/openai-gpt-4o-mini-cached-tokens.json"));
        using var environment = new EnvironmentScope((expected.EnvironmentPrefix + "_API_KEY", "sk-test-" + name));
        using IChatClient client = BuiltInModels.LoadChatModel($"{name}:{AnyModel}", new ChatModelSettings { Endpoint = server.Endpoint });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { MaxOutputTokens = 7 });

        CapturedRequest request = server.SingleRequest;
        if (expected.Authentication == ProviderAuthentication.ApiKeyHeader)
        {
            Assert.Equal("sk-test-" + name, request.Headers["api-key"]);
            Assert.False(request.Headers.ContainsKey("Authorization"));
        }
        else
        {
            Assert.Equal("Bearer sk-test-" + name, request.Headers["Authorization"]);
            Assert.False(request.Headers.ContainsKey("api-key"));
        }

        if (expected.ApiVersion is { } version)
        {
            Assert.Contains("api-version=" + version, request.Query, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("api-version", request.Query, StringComparison.Ordinal);
        }

        (string used, string unused) = expected.Compatibility.MaxTokensField == MaxTokensField.MaxCompletionTokens
            ? ("max_completion_tokens", "max_tokens")
            : ("max_tokens", "max_completion_tokens");
        JsonElement body = request.Json;
        Assert.Equal(7, body.GetProperty(used).GetInt32());
        Assert.False(body.TryGetProperty(unused, out _));
        Assert.Equal(AnyModel, body.GetProperty("model").GetString());
    }

    [Fact]
    public void Every_built_in_has_a_nested_class()
    {
        Assert.Equal("openai", BuiltInModels.Openai.Info.Name);
        Assert.Equal("azure-openai", BuiltInModels.AzureOpenai.Info.Name);
        Assert.Equal("openai-compatible", BuiltInModels.OpenaiCompatible.Info.Name);
        Assert.Equal("llamacpp", BuiltInModels.Llamacpp.Info.Name);
        Assert.Equal(BuiltInTable.Entries.Select(e => e.Name).Append("echo").Order(StringComparer.Ordinal), BuiltInModels.Providers.Select(p => p.Name));
    }

    [Fact]
    public void OpenAI_loads_by_its_id_with_only_the_key_set()
    {
        using var environment = new EnvironmentScope(("OPENAI_API_KEY", "sk-test"));
        using IChatClient client = TestModels.LoadChatModel("openai:gpt-4o-mini");
        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.openai.com/v1"), metadata.ProviderUri);
        Assert.Equal("gpt-4o-mini", metadata.DefaultModelId);
        Assert.NotNull(TestModels.Openai.LoadChatModel("gpt-4o-mini"));
    }

    [Fact]
    public void A_user_declaration_replaces_the_built_in()
    {
        // The test registry declares vllm and openrouter itself; their values, not the built-ins', are compiled in.
        Assert.Single(TestModels.Providers, p => p.Name == "vllm");
        Assert.Single(TestModels.Providers, p => p.Name == "openrouter");

        ProviderInfo vllm = TestModels.Vllm.Info;
        Assert.False(vllm.IsBuiltIn);
        Assert.True(vllm.IsLocal);
        Assert.Equal(ResponseFormatSupport.JsonSchema, vllm.Compatibility.SupportedResponseFormat);
        Assert.Equal(ReasoningContentKeepType.Temp, vllm.Compatibility.ReasoningContentKeepType);
        Assert.NotEqual(BuiltInTable.Entry("vllm").Compatibility, vllm.Compatibility);

        ProviderInfo openrouter = TestModels.Openrouter.Info;
        Assert.False(openrouter.IsBuiltIn);
        Assert.Equal(2, openrouter.Headers.Length);
        Assert.Equal(ReasoningFieldName.ReasoningContent, openrouter.Compatibility.ReasoningFieldName);
        Assert.Equal(ReasoningFieldName.Reasoning, BuiltInTable.Entry("openrouter").Compatibility.ReasoningFieldName);

        // Built-ins the registry does not declare are still there.
        Assert.True(TestModels.Deepseek.Info.IsBuiltIn);
    }
}

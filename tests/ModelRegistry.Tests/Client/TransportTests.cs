using System.Net;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>Authentication, headers, query parameters, the shared connection pool, model listing and health.</summary>
public sealed class TransportTests
{
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public async Task Bearer_auth_and_custom_headers_are_sent()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, headers: [new("HTTP-Referer", "https://example.org"), new("X-Title", "Registry tests")]);

        await client.GetResponseAsync(TestClients.Ask("2+2"));

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("Bearer sk-test-secret-key", request.Headers["Authorization"]);
        Assert.Equal("https://example.org", request.Headers["HTTP-Referer"]);
        Assert.Equal("Registry tests", request.Headers["X-Title"]);
        Assert.False(request.Headers.ContainsKey("api-key"));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("", request.Query);
    }

    [Fact]
    public async Task A_configured_header_replaces_ours_and_content_headers_are_accepted()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, headers: [new("Authorization", "Token gateway-token"), new("Content-Language", "en")]);

        await client.GetResponseAsync(TestClients.Ask("2+2"));

        Assert.Equal("Token gateway-token", server.SingleRequest.Headers["Authorization"]);
        Assert.Equal("en", server.SingleRequest.Headers["Content-Language"]);
    }

    [Fact]
    public async Task Azure_style_sends_the_api_key_header_and_api_version()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/azure-openai-gpt-5-nano-prompt-filter-first-chunk.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "azure-openai", authentication: ProviderAuthentication.ApiKeyHeader, apiVersion: "2024-10-21");

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("Capital of Denmark?"));

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("sk-test-secret-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("?api-version=2024-10-21", request.Query);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Capital of Denmark.", updates.ToChatResponse().Text);
        Assert.Equal(64, updates.ToChatResponse().Usage!.ReasoningTokenCount);
    }

    [Fact]
    public async Task A_local_provider_without_a_key_sends_no_authorization()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "vllm", apiKey: null);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("2+2"));

        Assert.False(server.SingleRequest.Headers.ContainsKey("Authorization"));
        Assert.Equal("2 + 2 = 4.", response.Text);
    }

    [Fact]
    public async Task A_given_HttpClient_is_used_and_never_disposed()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        using var httpClient = new HttpClient();
        httpClient.DefaultRequestHeaders.Add("X-From-Given-Client", "yes");
        OpenAICompatibleChatClient client = TestClients.Create(server, settings: new ChatModelSettings { HttpClient = httpClient });

        await client.GetResponseAsync(TestClients.Ask("2+2"));
        client.Dispose();
        HttpResponseMessage stillUsable = await httpClient.GetAsync(new Uri(server.Endpoint + "/models"));

        Assert.Equal("yes", server.Requests[0].Headers["X-From-Given-Client"]);
        Assert.Equal(HttpStatusCode.OK, stillUsable.StatusCode);
    }

    [Theory]
    [InlineData("models/vllm-qwen3-8b-models.json", new[] { "Qwen3-8B" })]
    [InlineData("models/cerebras-models.json", null)]
    [InlineData("models/llamacpp-models.json", null)]
    [InlineData("models/ollama-models-handwritten.json", null)]
    [InlineData("models/ollama-models-empty-handwritten.json", new string[0])]
    [InlineData("models/openrouter-models-full.json", null)]
    public async Task List_models_reads_every_recorded_shape(string path, string[]? expected)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        IReadOnlyList<string> models = await client.ListModelsAsync();

        Assert.Equal("GET", server.SingleRequest.Method);
        Assert.Equal("/v1/models", server.SingleRequest.Path);
        System.Text.Json.JsonElement data = Fixtures.Json(path).GetProperty("data");
        string[] recorded = data.ValueKind == System.Text.Json.JsonValueKind.Array ? data.EnumerateArray().Select(model => model.GetProperty("id").GetString()!).ToArray() : [];
        Assert.Equal(recorded, models);
        if (expected is not null)
        {
            Assert.Equal(expected, models);
        }
    }

    [Fact]
    public async Task List_models_falls_back_to_the_profiles_only_on404()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("errors/groq-404-model-not-found.json"),
            Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json"),
            new ServerReply(401, "application/json", """{"error":{"message":"bad key","code":"invalid_api_key"}}"""u8.ToArray()));
        using OpenAICompatibleChatClient client = TestClients.Create(server, providerModels: ["a-model", "b-model"]);

        IReadOnlyList<string> fallback = await client.ListModelsAsync();
        ChatProviderException limited = await Assert.ThrowsAsync<ChatProviderException>(() => client.ListModelsAsync());
        ChatProviderException unauthorized = await Assert.ThrowsAsync<ChatProviderException>(() => client.ListModelsAsync());

        Assert.Equal(["a-model", "b-model"], fallback);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task The_health_check_spends_no_tokens()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("models/cerebras-models.json"),
            new ServerReply(401, "application/json", """{"error":{"message":"bad key"}}"""u8.ToArray()),
            Fixtures.Reply("errors/groq-404-model-not-found.json"),
            Fixtures.Reply("errors/llamacpp-503-loading-model.json", 503));
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 3);

        ChatProviderHealth healthy = await client.CheckHealthAsync();
        ChatProviderHealth unauthorized = await client.CheckHealthAsync();
        ChatProviderHealth noModelsEndpoint = await client.CheckHealthAsync();
        ChatProviderHealth loading = await client.CheckHealthAsync();

        Assert.True(healthy.IsHealthy);
        Assert.False(unauthorized.IsHealthy);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.True(noModelsEndpoint.IsHealthy);
        Assert.False(loading.IsHealthy);
        Assert.Contains("Loading model", loading.Detail, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count); // not retried
        Assert.All(server.Requests, request => Assert.Equal("GET", request.Method));
        Assert.All(server.Requests, request => Assert.DoesNotContain("chat/completions", request.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetService_answers_metadata_profile_and_provider()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync();
        var profile = new ModelProfile { Provider = "test", Model = "test-model" };
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: profile);

        Assert.Same(profile, client.GetService<ModelProfile>());
        Assert.Equal("test", client.GetService<ProviderInfo>()!.Name);
        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("test-model", metadata.DefaultModelId);
        Assert.Equal(server.Endpoint, metadata.ProviderUri);
    }
}

using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Models;

namespace ModelRegistry.Gateway.Tests;

public sealed class GatewayEndpointTests
{
    [Fact]
    public async Task Models_lists_openai_and_openrouter_fields_with_the_routed_model_narrowed_to_its_routes()
    {
        using var gateway = new GatewayHost();
        var models = new OpenAIModelClient(new ApiKeyCredential("k"), gateway.Options());

        OpenAIModelCollection listed = await models.GetModelsAsync();
        Assert.Equal(["local:assistant", "local:echo"], listed.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, m => Assert.Equal("local", m.OwnedBy));

        using HttpClient http = gateway.CreateClient();
        JsonElement assistant = JsonDocument.Parse(await http.GetStringAsync("/v1/models")).RootElement.GetProperty("data")
            .EnumerateArray().Single(m => m.GetProperty("id").GetString() == "local:assistant");
        // The profile says 32768 and lists eight parameters; its offline route (local:echo) allows 8192 and five of them.
        Assert.Equal(8192, assistant.GetProperty("context_length").GetInt32());
        Assert.Equal(["max_tokens", "seed", "stop", "temperature", "top_p"], assistant.GetProperty("supported_parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("0.00000005", assistant.GetProperty("pricing").GetProperty("prompt").GetString());
        Assert.Equal("text->text", assistant.GetProperty("architecture").GetProperty("modality").GetString());
        Assert.Equal(["text"], assistant.GetProperty("architecture").GetProperty("input_modalities").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Providers_and_health_describe_the_registry_and_each_route()
    {
        using var gateway = new GatewayHost();
        using HttpClient http = gateway.CreateClient();

        JsonElement providers = JsonDocument.Parse(await http.GetStringAsync("/v1/providers")).RootElement.GetProperty("data");
        JsonElement local = providers.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "local");
        Assert.Equal("custom", local.GetProperty("kind").GetString());
        Assert.Equal(["assistant", "echo"], local.GetProperty("models").EnumerateArray().Select(m => m.GetString()));

        JsonElement health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        JsonElement assistant = health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "local:assistant");
        JsonElement offline = assistant.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "local");
        Assert.Equal("closed", offline.GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task Health_reports_the_garbage_collector_so_a_latency_tail_can_be_checked_against_it()
    {
        using var gateway = new GatewayHost();
        using HttpClient http = gateway.CreateClient();

        JsonElement before = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("runtime");
        await gateway.Chat("local:echo").CompleteChatAsync([new UserChatMessage("ping")]);
        JsonElement after = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("runtime");

        Assert.Contains(after.GetProperty("gc_mode").GetString(), new[] { "server", "workstation" });
        Assert.True(after.GetProperty("allocated_bytes").GetInt64() > before.GetProperty("allocated_bytes").GetInt64());
        Assert.True(after.GetProperty("gc_gen0_collections").GetInt32() >= after.GetProperty("gc_gen1_collections").GetInt32());
        Assert.True(after.GetProperty("gc_pause_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task The_default_configuration_answers_offline()
    {
        using var gateway = new GatewayHost();

        ChatCompletion completion = await gateway.Chat("local:assistant").CompleteChatAsync([new UserChatMessage("ping")]);

        Assert.Equal("Offline model echo heard: ping", completion.Content[0].Text);
        Assert.True(completion.Usage.TotalTokenCount > 0);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_when_keys_are_configured_and_the_right_one_accepted()
    {
        using var gateway = new GatewayHost(null, ("Gateway:ApiKeys", "secret-1,secret-2"));

        ClientResultException refused = await Assert.ThrowsAsync<ClientResultException>(
            () => gateway.Chat(key: "wrong").CompleteChatAsync([new UserChatMessage("ping")]));
        ChatCompletion accepted = await gateway.Chat(key: "secret-2").CompleteChatAsync([new UserChatMessage("ping")]);

        Assert.Equal(401, refused.Status);
        Assert.Contains("invalid_api_key", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Offline model echo heard: ping", accepted.Content[0].Text);
        using HttpClient http = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"local:nope","messages":[{"role":"user","content":"hi"}]}""", 404, "model_not_found")]
    [InlineData("""{"model":"local:echo","messages":[""", 400, null)]
    [InlineData("""{"model":"local:echo"}""", 400, "invalid_messages")]
    [InlineData("""{"model":"local:echo","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", 400, "invalid_temperature")]
    public async Task Bad_requests_get_OpenAI_error_bodies_with_the_right_status(string body, int status, string? code)
    {
        using var gateway = new GatewayHost();
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413()
    {
        using var gateway = new GatewayHost(null, ("Gateway:MaxRequestBodyBytes", "200"));
        using HttpClient http = gateway.CreateClient();
        string body = $$"""{"model":"local:echo","messages":[{"role":"user","content":"{{new string('x', 500)}}"}]}""";

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_rate_limited_model_answers_429_with_retry_after()
    {
        // Only the offline route, limited to one request a minute with no queue: the second call cannot wait.
        string overlay = """
            { "queue_limit": 0, "models": { "local:assistant": { "routes": {
                "local": { "requests_per_minute": 1 }, "vllm": { "enabled": false }, "openrouter": { "enabled": false } } } } }
            """;
        using var gateway = new GatewayHost(overlay);
        using HttpClient http = gateway.CreateClient();
        const string body = """{"model":"local:assistant","messages":[{"role":"user","content":"hi"}]}""";

        using HttpResponseMessage first = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(body));
        using HttpResponseMessage second = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limit_exceeded", JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}

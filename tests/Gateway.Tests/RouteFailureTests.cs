using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>A faulty route A (the vLLM route) and a healthy route B (OpenRouter) behind the gateway.</summary>
public sealed class RouteFailureTests
{
    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    /// <summary>Like <see cref="GatewayHost.Upstreams"/>, with a short bound on both routes and their Retry-After pause capped.</summary>
    private static string Overlay(Uri vllm, Uri openRouter) => $$"""
        { "max_pause_seconds": 120, "models": { "local:assistant": { "routes": {
            "local": { "enabled": false },
            "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen", "timeout_seconds": 0.3 },
            "openrouter": { "base_url": "{{openRouter}}", "weight": 0, "api_key": "${{{GatewayHost.OpenRouterKeyVariable}}}", "timeout_seconds": 0.3 } } } } }
        """;

    [Fact]
    public async Task A_hung_route_falls_back_through_the_gateway_and_the_answer_comes_from_the_next_route()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, openRouter.Endpoint));

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);

        Assert.StartsWith("\n\n5的阶乘", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Single(vllm.Requests);
        Assert.Single(openRouter.Requests);
    }

    [Fact]
    public async Task A_stream_stalled_after_its_headers_falls_back_through_the_gateway_with_no_504()
    {
        byte[] opening = Encoding.UTF8.GetBytes(string.Concat(
            Encoding.UTF8.GetString(Fixtures.Bytes("chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse")).Split("\n\n").Take(3).Select(e => e + "\n\n")));
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(ServerReply.StalledAfterHeaders("text/event-stream", opening));
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse"));
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, openRouter.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"content\":\"The\"", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.Single(openRouter.Requests);
    }

    [Fact]
    public async Task An_upstream_that_refuses_the_gateways_key_is_a_502_never_the_clients_own_401()
    {
        static ServerReply Refused() => new(401, "application/json",
            """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}"""u8.ToArray());
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Refused());
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Refused());
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, openRouter.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json("""{"model":"local:assistant","messages":[{"role":"user","content":"hi"}]}"""));
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_auth_failed", error.GetProperty("code").GetString());
        Assert.Contains("refused the gateway's credentials", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        // Both routes were tried: the first refusal moved the call on.
        Assert.Single(vllm.Requests);
        Assert.Single(openRouter.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void A_plain_models_upstream_refusal_maps_to_502_too(HttpStatusCode status)
    {
        var refused = new ChatProviderException("vllm answered 401", "vllm", status, "bad key", "invalid_api_key");

        OpenAIError error = OpenAIError.FromException(refused);

        Assert.Equal(502, error.Status);
        Assert.Equal("upstream_auth_failed", error.Code);
    }

    [Fact]
    public async Task A_day_long_retry_after_on_every_route_is_a_capped_pause_and_health_says_degraded()
    {
        static ServerReply Limited() => Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "86400" },
        };
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Limited());
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Limited());
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, openRouter.Endpoint));
        using HttpClient http = gateway.CreateClient();

        await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat().CompleteChatAsync(Question));
        ClientResultException away = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat().CompleteChatAsync(Question));
        Assert.Equal(503, away.Status);

        JsonElement health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        JsonElement assistant = health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "local:assistant");
        Assert.All(assistant.GetProperty("routes").EnumerateArray(), route =>
        {
            Assert.False(route.GetProperty("available").GetBoolean());
            DateTimeOffset pausedUntil = route.GetProperty("paused_until").GetDateTimeOffset();
            // Capped by the overlay's max_pause_seconds (120), not the day the upstream asked for.
            Assert.True(pausedUntil <= DateTimeOffset.UtcNow + TimeSpan.FromSeconds(121));
        });
    }
}

using System.Net;
using System.Text;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Gateway.Tests;

/// <summary>What the upstream call changed about a request reaches the gateway's client in <c>x-modelregistry-warnings</c>.</summary>
public sealed class WarningsHeaderTests
{
    [Theory]
    [InlineData(false, "chat-completions/vllm-qwen3-8b-reasoning-content.json")]
    [InlineData(true, "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse")]
    public async Task A_response_format_the_route_cannot_take_is_named_in_the_warnings_header(bool stream, string recording)
    {
        // The vLLM route accepts json_schema but not json_object: the gateway's client learns it was not sent.
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json($$"""
            {"model":"local:assistant","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"},"stream":{{(stream ? "true" : "false")}}}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("response_format_dropped=response_format", Assert.Single(response.Headers.GetValues("x-modelregistry-warnings")));
        Assert.False(vllm.SingleRequest.Json.TryGetProperty("response_format", out _));
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_the_route_takes_as_it_is_has_no_warnings_header()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json("""
            {"model":"local:assistant","messages":[{"role":"user","content":"hi"}],"seed":3}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-modelregistry-warnings"));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

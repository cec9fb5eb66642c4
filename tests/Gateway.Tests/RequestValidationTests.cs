using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Gateway.Tests;

/// <summary>Hostile or odd values in a request: a 400 or 415 with OpenAI's error body naming the field, and nothing sent upstream.</summary>
public sealed class RequestValidationTests
{
    private const string Answer = "chat-completions/vllm-qwen3-8b-reasoning-content.json";

    [Theory]
    [InlineData("temperature", "1e29")]
    [InlineData("temperature", "1e400")]
    [InlineData("temperature", "-0.5")]
    [InlineData("top_p", "1e29")]
    [InlineData("top_p", "1.5")]
    [InlineData("frequency_penalty", "1e29")]
    [InlineData("presence_penalty", "-3")]
    [InlineData("max_tokens", "1e300")]
    [InlineData("max_tokens", "2147483648")]
    [InlineData("max_tokens", "0")]
    [InlineData("max_tokens", "12.5")]
    [InlineData("max_completion_tokens", "1e300")]
    [InlineData("seed", "1e300")]
    [InlineData("seed", "9223372036854775808")]
    [InlineData("seed", "0.5")]
    [InlineData("n", "0")]
    [InlineData("n", "1e300")]
    [InlineData("n", "2")]
    public async Task An_out_of_range_number_is_a_400_naming_the_field_and_never_reaches_the_upstream(string field, string value)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Answer));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"local:assistant","messages":[{"role":"user","content":"hi"}],"{{field}}":{{value}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(field, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains($"'{field}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(vllm.Requests);
    }

    [Fact]
    public async Task N_above_one_is_refused_with_a_message_saying_one_choice_is_served()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Answer));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            """{"model":"local:assistant","stream":true,"n":3,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("n", error.GetProperty("param").GetString());
        Assert.Contains("one choice per request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(vllm.Requests);
    }

    [Fact]
    public async Task Numbers_within_range_in_any_JSON_spelling_are_accepted_and_sent_as_the_numbers_they_are()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Answer));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json("""
            {"model":"local:assistant","messages":[{"role":"user","content":"hi"}],
             "temperature":2,"top_p":0,"max_tokens":1e2,"seed":-7.0,"n":1,"frequency_penalty":null}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement sent = vllm.SingleRequest.Json;
        Assert.Equal(2, sent.GetProperty("temperature").GetDouble());
        Assert.Equal(0, sent.GetProperty("top_p").GetDouble());
        Assert.Equal(100, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal(-7, sent.GetProperty("seed").GetInt64());
        Assert.False(sent.TryGetProperty("n", out _));
        Assert.False(sent.TryGetProperty("frequency_penalty", out _));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/jsonx")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_JSON_is_refused_with_415(string? contentType)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Answer));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"model":"local:assistant","messages":[{"role":"user","content":"hi"}]}"""));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("unsupported_media_type", error.GetProperty("code").GetString());
        Assert.Contains("application/json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(vllm.Requests);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/json;charset=UTF-8")]
    public async Task JSON_with_or_without_a_UTF8_charset_is_accepted(string contentType)
    {
        using var gateway = new GatewayHost();
        using HttpClient http = gateway.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"model":"local:echo","messages":[{"role":"user","content":"hi"}]}"""));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// Issue 18's done-when behind the gateway: <c>hub:hybrid</c> routes over OllamaSharp (its route answers first, over
/// the provider's named HttpClient of <c>AddModelRegistry</c>) and the OpenAI SDK through its factory (the fallback),
/// each against a real loopback server — Ollama's native API from hand-made NDJSON transcripts, chat completions from
/// recorded OpenAI traffic — streaming and not.
/// </summary>
public sealed class CaseOneGatewayTests
{
    private const string Model = "hub:hybrid";

    [Fact]
    public async Task The_OllamaSharp_route_answers_over_the_providers_named_HttpClient()
    {
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(
            Ndjson("ollama-native/chat-llama3.2-handmade.json"), Ndjson("ollama-native/chat-llama3.2-stream-handmade.ndjson"));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync();
        await using WebApplication app = await StartAsync(ollama, openai);
        using HttpClient http = app.GetTestClient();

        using HttpResponseMessage answer = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Hello"}]}"""));
        string body = await answer.Content.ReadAsStringAsync();
        JsonElement completion = JsonDocument.Parse(body).RootElement;

        Assert.True(answer.IsSuccessStatusCode, body);
        Assert.Equal("Hello! How can I help you today?", completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(26, completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(10, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        using HttpResponseMessage streamed = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"Why is the sky blue?"}]}"""));
        string events = await streamed.Content.ReadAsStringAsync();

        Assert.Equal("The sky is blue.", StreamedText(events));
        Assert.EndsWith("data: [DONE]\n\n", events, StringComparison.Ordinal);
        // Both Ollama calls went through the named client AddModelRegistry gives the provider (its handler's header).
        Assert.Equal(["/api/chat", "/api/chat"], ollama.Requests.Select(r => r.Path));
        Assert.All(ollama.Requests, r => Assert.Equal("ollama-native", r.Headers[MarkingHandler.Header]));
        Assert.Empty(openai.Requests);
    }

    [Fact]
    public async Task When_the_OllamaSharp_route_fails_the_OpenAI_SDK_route_answers_streaming_and_not()
    {
        // Ollama answers 503 (its server has no model loaded); the fallback-only route takes the call.
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":"model is loading"}""", 503), ServerReply.Json("""{"error":"model is loading"}""", 503));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("chat-completions/openai-gpt-4o-mini-cached-tokens.json"),
            Fixtures.Reply("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse"));
        await using WebApplication app = await StartAsync(ollama, openai);
        using HttpClient http = app.GetTestClient();

        using HttpResponseMessage answer = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Say ok"}]}"""));
        string body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, body);
        JsonElement completion = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ok", completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        using HttpResponseMessage streamed = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"{{Model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"What is the capital of France?"}]}"""));
        string events = await streamed.Content.ReadAsStringAsync();

        Assert.StartsWith("The capital of", StreamedText(events), StringComparison.Ordinal);
        Assert.Contains("\"prompt_tokens\"", events, StringComparison.Ordinal);
        Assert.Equal(2, openai.Requests.Count);
        Assert.All(openai.Requests, r => Assert.Equal("Bearer sk-gateway-route", r.Headers["Authorization"]));
        Assert.All(openai.Requests, r => Assert.Equal("gpt-4o-mini", JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()));

        JsonElement listed = JsonDocument.Parse(await http.GetStringAsync("/v1/models")).RootElement.GetProperty("data")
            .EnumerateArray().Single(m => m.GetProperty("id").GetString() == Model);
        Assert.Equal(["ollama-native", "openai-sdk"], listed.GetProperty("routes").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task When_the_first_route_is_the_OpenAI_SDK_and_it_answers_503_the_OllamaSharp_route_answers()
    {
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":{"message":"overloaded","type":"server_error","code":null}}""", 503));
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(Ndjson("ollama-native/chat-llama3.2-handmade.json"));
        await using WebApplication app = await StartAsync(ollama, openai);
        using HttpClient http = app.GetTestClient();

        using HttpResponseMessage answer = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            """{"model":"hub:sdk-first","messages":[{"role":"user","content":"Hello"}]}"""));
        string body = await answer.Content.ReadAsStringAsync();

        Assert.True(answer.IsSuccessStatusCode, body);
        // Only the Ollama transcript says this: the answer came from the second route.
        Assert.Equal("Hello! How can I help you today?",
            JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Single(openai.Requests);
        Assert.Equal("/api/chat", Assert.Single(ollama.Requests).Path);
    }

    [Theory]
    [InlineData("hub:sdk-first", "openai")]
    [InlineData("hub:hybrid", "ollama")]
    public async Task A_400_from_a_case_one_route_is_the_gateways_400_with_an_OpenAI_error_and_no_fallback(string model, string failing)
    {
        ServerReply refused = failing == "openai"
            ? ServerReply.Json("""{"error":{"message":"temperature is out of range","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""", 400)
            : ServerReply.Json("""{"error":"temperature is out of range"}""", 400);
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(failing == "openai" ? [refused] : []);
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(failing == "ollama" ? [refused] : []);
        await using WebApplication app = await StartAsync(ollama, openai);
        using HttpClient http = app.GetTestClient();

        using HttpResponseMessage answer = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hello"}]}"""));
        JsonElement error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(400, (int)answer.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("temperature is out of range", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(failing == "openai" ? openai.Requests : ollama.Requests);
        Assert.Empty(failing == "openai" ? ollama.Requests : openai.Requests);
    }

    private static ServerReply Ndjson(string fixture) => new(200, "application/x-ndjson", Fixtures.Bytes(fixture));

    private static string StreamedText(string events) => string.Concat(events.Split('\n')
        .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
        .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("choices"))
        .Where(choices => choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String)
        .Select(choices => choices[0].GetProperty("delta").GetProperty("content").GetString()));

    private static async Task<WebApplication> StartAsync(LoopbackProviderServer ollama, LoopbackProviderServer openai)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:ollama-native:BaseUrl"] = new Uri(ollama.Endpoint, "/").ToString(),
            ["ModelRegistry:Providers:openai-sdk:BaseUrl"] = openai.Endpoint.ToString(),
            ["ModelRegistry:Providers:openai-sdk:ApiKey"] = "sk-gateway-route",
        });
        builder.Services.AddTransient<MarkingHandler>();
        builder.Services.AddHttpClient(ModelRegistryOptions.GetHttpClientName("ollama-native")).AddHttpMessageHandler<MarkingHandler>();
        builder.Services.AddModelRegistryGateway(CaseOneGatewayModels.Registry);
        WebApplication app = builder.Build();
        app.MapModelRegistryGateway();
        await app.StartAsync();
        return app;
    }

    /// <summary>Marks each request it sends, so the test sees which HttpClient a case-1 client was given.</summary>
    private sealed class MarkingHandler : DelegatingHandler
    {
        public const string Header = "X-Named-Client";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(Header, "ollama-native");
            return base.SendAsync(request, cancellationToken);
        }
    }
}

using System.ClientModel;
using System.Net;
using System.Text.Json;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>Model fallbacks and the context-window pre-check through the gateway, seen by the official OpenAI client:
/// <c>local:assistant</c>'s only route is a loopback vLLM, and the overlay names <c>local:echo</c> (the offline echo) as its fallback.</summary>
public sealed class ModelFallbackTests
{
    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    private static string Overlay(Uri vllm, bool fallback, int? window = null) => $$"""
        { "models": { "local:assistant": {
            {{(fallback ? "\"fallbacks\": [\"echo\"]," : "")}}
            "routes": {
              "local": { "enabled": false },
              "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen"{{(window is { } w ? $", \"max_input_tokens\": {w}" : "")}} },
              "openrouter": { "enabled": false } } } } }
        """;

    private static ServerReply Failing() => ServerReply.Json("""{"error":{"message":"down"}}""", 500);

    [Fact]
    public async Task When_the_models_routes_fail_the_fallback_serves_and_the_answer_names_it()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Failing());
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, fallback: true));

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);

        Assert.Equal("local:echo", completion.Model);
        Assert.NotEmpty(completion.Content[0].Text);
        Assert.Single(vllm.Requests);
    }

    [Fact]
    public async Task A_streamed_answer_from_the_fallback_names_it_in_every_chunk()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Failing());
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, fallback: true));

        var models = new List<string>();
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat().CompleteChatStreamingAsync(Question))
        {
            models.Add(update.Model);
        }

        Assert.NotEmpty(models);
        Assert.All(models, model => Assert.Equal("local:echo", model));
    }

    [Fact]
    public async Task The_model_that_serves_itself_keeps_the_name_the_client_asked_for()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, fallback: true));

        ChatCompletion completion = await gateway.Chat("default").CompleteChatAsync(Question);

        Assert.Equal("default", completion.Model);
        Assert.Single(vllm.Requests);
    }

    [Fact]
    public async Task A_prompt_larger_than_every_window_is_a_400_context_length_exceeded_before_any_upstream_call()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, fallback: false, window: 20));

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(
            () => gateway.Chat().CompleteChatAsync([new UserChatMessage(new string('x', 400))]));

        Assert.Equal(400, error.Status);
        using JsonDocument body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        JsonElement problem = body.RootElement.GetProperty("error");
        Assert.Equal("context_length_exceeded", problem.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", problem.GetProperty("type").GetString());
        Assert.Equal("messages", problem.GetProperty("param").GetString());
        Assert.Contains("context window of 20 tokens", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(vllm.Requests);
    }

    [Fact]
    public async Task A_prompt_too_large_for_the_model_reaches_its_fallback()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(Overlay(vllm.Endpoint, fallback: true, window: 20));

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync([new UserChatMessage(new string('x', 400))]);

        Assert.Equal("local:echo", completion.Model);
        Assert.Empty(vllm.Requests);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// The client's side of the byte pass-through (<see cref="IChatForwardingClient"/>): a body is forwarded only when the
/// compatibility rules would send it unchanged, and then the upstream receives the same JSON as from the parsed path.
/// </summary>
public sealed class ForwardingTests
{
    private const string Plain = """{"model":"m","messages":[{"role":"user","content":"Hi"}]}""";
    private const string WithTools = """{"model":"m","tool_choice":"required","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""";

    public static TheoryData<string, string, bool> Cases() => new()
    {
        { "default", Plain, true },
        { "default", """{"model":"m","temperature":0.25,"top_p":0.5,"seed":3,"max_tokens":20,"stop":["x"],"chat_template_kwargs":{"a":1},"messages":[{"role":"user","content":"Hi"}]}""", true },
        // Think tags split out of content: never forwarded.
        { "reasoning-tag", Plain, false },
        // A parameter outside supported_params is dropped; a listed one is kept.
        { "supported-params", """{"model":"m","top_p":0.5,"messages":[{"role":"user","content":"Hi"}]}""", false },
        { "supported-params", """{"model":"m","temperature":0.5,"messages":[{"role":"user","content":"Hi"}]}""", true },
        // The limit is renamed, clamped, or defaulted by the settings.
        { "max-completion-tokens", """{"model":"m","max_tokens":20,"messages":[{"role":"user","content":"Hi"}]}""", false },
        { "max-completion-tokens", """{"model":"m","max_completion_tokens":20,"messages":[{"role":"user","content":"Hi"}]}""", true },
        { "output-limit", """{"model":"m","max_tokens":200,"messages":[{"role":"user","content":"Hi"}]}""", false },
        { "output-limit", """{"model":"m","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""", true },
        { "settings-defaults", Plain, false },
        { "settings-defaults", """{"model":"m","temperature":0.5,"max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", true },
        { "extra-body", Plain, false },
        { "responses-api", Plain, false },
        // tool_choice and json_object only where the provider takes them.
        { "default", WithTools, false },
        { "tool-choice", WithTools, true },
        { "default", """{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Hi"}]}""", false },
        { "json-mode", """{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Hi"}]}""", true },
        // Structured output by schema is always parsed (it may be emulated by a forced tool call).
        { "json-mode", """{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"}}},"messages":[{"role":"user","content":"Hi"}]}""", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_body_is_forwarded_only_when_the_parsed_path_would_send_it_unchanged(string configuration, string body, bool forwardable)
    {
        ChatRequestHead? head = ChatRequestHeadScanner.Scan(Encoding.UTF8.GetBytes(body));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Answer), Fixtures.Reply(Answer));
        using OpenAICompatibleChatClient client = Create(server, configuration);
        var forwarding = (IChatForwardingClient)client;

        Assert.NotNull(head);
        Assert.Equal(forwardable, forwarding.CanForward(head));
        if (!forwardable)
        {
            return;
        }

        ChatCompletionRequest parsed = ChatCompletionRequestReader.Read(JsonDocument.Parse(body).RootElement);
        ForwardedAnswer answer = await forwarding.ForwardAsync(new ForwardedChatRequest(Encoding.UTF8.GetBytes(body), head), CancellationToken.None);
        answer.Release();
        await client.GetResponseAsync(parsed.Messages, parsed.Options);

        JsonNode sent = JsonNode.Parse(server.Requests[0].Body)!, expected = JsonNode.Parse(server.Requests[1].Body)!;
        Assert.True(JsonNode.DeepEquals(expected, sent), $"parsed {expected.ToJsonString()}\nforwarded {sent.ToJsonString()}");
        Assert.Equal("test-model", sent["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forwarded_answer_of_another_shape_is_parsed_and_a_body_that_is_not_json_fails_as_the_parsed_path_does()
    {
        const string twoChoices = """{"id":"a","created":5,"model":"x","choices":[{"index":0,"message":{"role":"assistant","content":"one"},"finish_reason":"stop"},{"index":1,"message":{"role":"assistant","content":"two"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(twoChoices), ServerReply.Json("{\"id\":"));
        using OpenAICompatibleChatClient client = Create(server, "default");
        var forwarding = (IChatForwardingClient)client;
        byte[] body = Encoding.UTF8.GetBytes(Plain);
        var request = new ForwardedChatRequest(body, ChatRequestHeadScanner.Scan(body)!);

        ForwardedAnswer parsed = await forwarding.ForwardAsync(request, CancellationToken.None);
        ChatProviderException broken = await Assert.ThrowsAsync<ChatProviderException>(() => forwarding.ForwardAsync(request, CancellationToken.None));

        Assert.Null(parsed.Head);
        Assert.Equal("one", parsed.Parsed!.Text);
        Assert.Equal(System.Net.HttpStatusCode.OK, broken.StatusCode);
        Assert.IsType<JsonException>(broken.InnerException, exactMatch: false);
    }

    private const string Answer = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";

    private static OpenAICompatibleChatClient Create(LoopbackProviderServer server, string configuration) => configuration switch
    {
        "default" => TestClients.Create(server),
        "reasoning-tag" => TestClients.Create(server, compatibility: new CompatibilityOptions { ReasoningTag = "think" }),
        "supported-params" => TestClients.Create(server, profile: new ModelProfile { Provider = "test", Model = "test-model", SupportedParams = ["temperature"] }),
        "max-completion-tokens" => TestClients.Create(server, compatibility: new CompatibilityOptions { MaxTokensField = MaxTokensField.MaxCompletionTokens }),
        "output-limit" => TestClients.Create(server, profile: new ModelProfile { Provider = "test", Model = "test-model", MaxOutputTokens = 100 }),
        "settings-defaults" => TestClients.Create(server, settings: new ChatModelSettings { Temperature = 0.2f, MaxTokens = 30 }),
        "extra-body" => TestClients.Create(server, settings: new ChatModelSettings { ExtraBody = new Dictionary<string, object?> { ["top_k"] = 5 } }),
        "responses-api" => TestClients.Create(server, settings: new ChatModelSettings { UseResponsesApi = true }),
        "tool-choice" => TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Auto | ToolChoiceSupport.Required }),
        "json-mode" => TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonMode }),
        _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
    };
}

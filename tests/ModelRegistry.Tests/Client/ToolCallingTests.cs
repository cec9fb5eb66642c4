using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>Tools, tool calls in history, and <c>tool_choice</c> filtered by <c>supported_tool_choice</c>.</summary>
public sealed class ToolCallingTests
{
    private const string ToolCallAnswer = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";

    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration(
        "get_weather", "Gets the weather of a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    [Fact]
    public async Task Declarations_become_tools_and_no_tool_choice_is_sent_when_unset()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCallAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("files"), new ChatOptions { Tools = [Weather] });

        JsonElement sent = server.SingleRequest.Json;
        JsonElement tool = Assert.Single(sent.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Gets the weather of a city.", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("city", tool.GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString());
        Assert.False(sent.TryGetProperty("tool_choice", out _));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(["delete_file", "create_file"], response.Messages.Single().Contents.OfType<FunctionCallContent>().Select(call => call.Name));
    }

    [Theory]
    [InlineData("auto", ToolChoiceSupport.Auto, "\"auto\"")]
    [InlineData("none", ToolChoiceSupport.Auto | ToolChoiceSupport.None, "\"none\"")]
    [InlineData("required", ToolChoiceSupport.Required, "\"required\"")]
    [InlineData("named", ToolChoiceSupport.Specific, """{"type":"function","function":{"name":"get_weather"}}""")]
    [InlineData("named", ToolChoiceSupport.Auto | ToolChoiceSupport.Required, "\"required\"")]
    [InlineData("required", ToolChoiceSupport.Auto, null)]
    [InlineData("none", ToolChoiceSupport.Auto, null)]
    [InlineData("auto", ToolChoiceSupport.Required, null)]
    [InlineData("named", ToolChoiceSupport.Auto, null)]
    public async Task Tool_choice_is_filtered_by_supported_tool_choice(string mode, ToolChoiceSupport supported, string? expected)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCallAnswer), Fixtures.Reply(ToolCallAnswer));
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(
            server, compatibility: new CompatibilityOptions { SupportedToolChoice = supported }, settings: new ChatModelSettings { LoggerFactory = logs });
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        await client.GetResponseAsync(TestClients.Ask("weather?"), new ChatOptions { Tools = [Weather], ToolMode = toolMode });
        await client.GetResponseAsync(TestClients.Ask("weather?"), new ChatOptions { Tools = [Weather], ToolMode = toolMode });

        foreach (CapturedRequest request in server.Requests)
        {
            if (expected is null)
            {
                Assert.False(request.Json.TryGetProperty("tool_choice", out _));
            }
            else
            {
                Assert.Equal(expected, request.Json.GetProperty("tool_choice").GetRawText());
            }
        }

        bool filtered = expected is null || (mode == "named" && !expected.StartsWith('{'));
        int warnings = logs.Entries.Count(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("tool_choice", StringComparison.Ordinal));
        Assert.Equal(filtered ? 1 : 0, warnings);
    }

    [Fact]
    public async Task Tool_calls_and_results_in_history_go_back_in_the_OpenAI_shape()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);
        ChatMessage[] history =
        [
            new(ChatRole.User, "Weather in Paris and Rome?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Checking."),
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome", ["days"] = 2 }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny"), new FunctionResultContent("call_2", new Dictionary<string, object?> { ["sky"] = "rain" })]),
        ];

        await client.GetResponseAsync(history, new ChatOptions { Tools = [Weather] });

        JsonElement messages = server.SingleRequest.Json.GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        JsonElement assistant = messages[1];
        Assert.Equal("Checking.", assistant.GetProperty("content").GetString());
        JsonElement calls = assistant.GetProperty("tool_calls");
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("function", calls[0].GetProperty("type").GetString());
        Assert.Equal("""{"city":"Paris"}""", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("""{"city":"Rome","days":2}""", calls[1].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        Assert.Equal("call_1", messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("sunny", messages[2].GetProperty("content").GetString());
        Assert.Equal("call_2", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("""{"sky":"rain"}""", messages[3].GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_assistant_message_with_only_tool_calls_sends_null_content()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        await client.GetResponseAsync(
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new FunctionCallContent("c", "f", null)]),
            new(ChatRole.Tool, [new FunctionResultContent("c", "r")]),
        ]);

        JsonElement assistant = server.SingleRequest.Json.GetProperty("messages")[1];
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
        Assert.Equal("{}", assistant.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Streamed_argument_fragments_assemble_into_one_call()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-tool-call-argument-fragments.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("q"));

        FunctionCallContent call = Assert.Single(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.Equal("final_result", call.Name);
        Assert.Equal("call_CCGIWaMeYWmxOQ91orkmTvzn", call.CallId);
        JsonElement answers = Assert.IsType<JsonElement>(call.Arguments!["answers"]);
        Assert.Equal(3, answers.GetArrayLength());
        Assert.Equal("The product name is Pydantic AI.", answers[2].GetProperty("answer").GetString());
        // The call is emitted with the finish reason, once its arguments are complete.
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Single(update => update.Contents.OfType<FunctionCallContent>().Any()).FinishReason);
    }

    [Fact]
    public async Task Parallel_streamed_calls_keep_their_indexes()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-parallel-tool-calls.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("q"));

        Assert.Equal(["get_country", "get_product_name"], updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>().Select(call => call.Name));
    }

    [Fact]
    public async Task A_name_that_arrives_late_and_a_first_index_of_one_are_handled()
    {
        // Hand-written stream: the provider sends the arguments before the function name (no recording shows it).
        const string stream = """
            data: {"id":"c1","model":"m","created":1,"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":1,"id":"call_late","type":"function","function":{"arguments":"{\"city\":"}}]}}]}

            data: {"id":"c1","model":"m","created":1,"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"name":"get_weather","arguments":"\"Oslo\"}"}}]}}]}

            data: {"id":"c1","model":"m","created":1,"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: [DONE]


            """;
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(stream));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("q"));

        FunctionCallContent call = Assert.Single(updates.SelectMany(update => update.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("call_late", call.CallId);
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
    }

    [Fact]
    public async Task Legacy_function_call_answers_become_function_calls()
    {
        // Hand-written body: the pre-tools "function_call" answer shape; no recording of it is in the fixtures.
        const string body = """
            {"id":"chatcmpl-legacy","object":"chat.completion","created":1700000000,"model":"gpt-3.5-turbo-0613",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{\"city\":\"Lima\"}"}},"finish_reason":"function_call"}]}
            """;
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(body));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("q"));

        FunctionCallContent call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Lima", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Groq_usage_duplicated_in_x_groq_is_counted_once()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/groq-llama-3.3-tool-call-single-chunk.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await (await TestClients.StreamAsync(client, TestClients.Ask("q"))).ToAsyncEnumerable().ToChatResponseAsync();

        Assert.Equal(210, response.Usage!.InputTokenCount);
        Assert.Equal(15, response.Usage.OutputTokenCount);
        Assert.Equal(225, response.Usage.TotalTokenCount);
    }
}

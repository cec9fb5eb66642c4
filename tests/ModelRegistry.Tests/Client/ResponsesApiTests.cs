using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>The Responses API (<c>UseResponsesApi</c>): recorded bodies and event streams, with and without <c>event:</c> lines.</summary>
public sealed class ResponsesApiTests
{
    private static readonly ChatModelSettings ResponsesApi = new() { UseResponsesApi = true };

    public static TheoryData<string> Streams()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Fixtures.Directory, "responses-api"), "*.sse").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Streamed_responses_match_the_recording(string fixture)
    {
        string path = "responses-api/" + fixture;
        RecordedResponse recorded = RecordedResponse.FromStream(Fixtures.Bytes(path));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hello"));

        Assert.Equal("/v1/responses", server.SingleRequest.Path);
        Assert.True(server.SingleRequest.Json.GetProperty("stream").GetBoolean());
        List<AIContent> contents = updates.SelectMany(update => update.Contents).ToList();
        Assert.Equal(recorded.Text.ToString(), string.Concat(contents.OfType<TextContent>().Select(content => content.Text)));
        Assert.Equal(recorded.Reasoning.ToString(), string.Concat(contents.OfType<TextReasoningContent>().Select(content => content.Text)));
        List<FunctionCallContent> calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(recorded.Calls.Select(call => (call.Id, call.Name)), calls.Select(call => (call.CallId, call.Name)));
        for (int index = 0; index < calls.Count; index++)
        {
            RecordedDialectTests.AssertSameArguments(recorded.Calls[index].Arguments, calls[index].Arguments);
        }

        UsageDetails usage = Assert.Single(contents.OfType<UsageContent>()).Details;
        Assert.Equal(recorded.Usage!.Value.GetProperty("input_tokens").GetInt64(), usage.InputTokenCount);
        Assert.Equal(recorded.Usage.Value.GetProperty("output_tokens").GetInt64(), usage.OutputTokenCount);
        Assert.Equal(recorded.Usage.Value.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64(), usage.CachedInputTokenCount);
        Assert.Equal(recorded.Usage.Value.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64(), usage.ReasoningTokenCount);
        ChatFinishReason expectedFinish = recorded.Status == "incomplete" ? ChatFinishReason.Length : calls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
        Assert.Equal(expectedFinish, updates.Single(update => update.FinishReason is not null).FinishReason);
        Assert.Equal(recorded.ResponseId, updates.Last().ResponseId);
    }

    [Fact]
    public async Task DeepSeek_non_streamed_response_with_raw_reasoning()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("responses-api/deepseek-v4-flash-reasoning.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("17*23?"), new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        Assert.Equal("391", response.Text);
        Assert.Equal("We need answer simple. Need comply. 17*23 = 391. final.", Assert.Single(response.Messages.Single().Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal("7a293ad0-b030-4055-a857-894eec88f488", response.ResponseId);
        Assert.Equal("deepseek-v4-flash", response.ModelId);
        Assert.Equal(18, response.Usage!.ReasoningTokenCount);
        Assert.Equal(111, response.Usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("high", server.SingleRequest.Json.GetProperty("reasoning").GetProperty("effort").GetString());
    }

    [Fact]
    public async Task OpenAI_non_streamed_response_with_summary_and_function_call()
    {
        const string path = "responses-api/openai-gpt-5-mini-reasoning-encrypted.json";
        JsonElement recorded = Fixtures.Json(path);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("q"));

        JsonElement[] output = recorded.GetProperty("output").EnumerateArray().ToArray();
        string[] summaries = output.Where(item => item.GetProperty("type").GetString() == "reasoning")
            .SelectMany(item => item.GetProperty("summary").EnumerateArray()).Select(part => part.GetProperty("text").GetString()!).ToArray();
        JsonElement[] functionCalls = output.Where(item => item.GetProperty("type").GetString() == "function_call").ToArray();
        IList<AIContent> contents = response.Messages.Single().Contents;
        Assert.Equal(summaries, contents.OfType<TextReasoningContent>().Select(content => content.Text));
        Assert.Equal(functionCalls.Select(call => call.GetProperty("call_id").GetString()), contents.OfType<FunctionCallContent>().Select(call => call.CallId));
        Assert.Equal(recorded.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64(), response.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task Xai_non_streamed_function_call()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("responses-api/xai-grok-4-fast-function-call.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("q"));

        JsonElement recordedCall = Fixtures.Json("responses-api/xai-grok-4-fast-function-call.json").GetProperty("output").EnumerateArray()
            .Single(item => item.GetProperty("type").GetString() == "function_call");
        FunctionCallContent call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal(recordedCall.GetProperty("name").GetString(), call.Name);
        RecordedDialectTests.AssertSameArguments(recordedCall.GetProperty("arguments").GetString()!, call.Arguments);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(282, response.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task The_request_uses_responses_names()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("responses-api/deepseek-v4-flash-reasoning.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Auto | ToolChoiceSupport.Specific });
        AIFunctionDeclaration tool = AIFunctionFactory.CreateDeclaration("get_temperature", "Temperature of a city", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement);
        ChatMessage[] history =
        [
            new(ChatRole.User, [new TextContent("Tokyo?"), new UriContent(new Uri("https://example.org/tokyo.png"), "image/png")]),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_temperature", new Dictionary<string, object?> { ["city"] = "Tokyo" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "21C")]),
        ];

        await client.GetResponseAsync(history, new ChatOptions
        {
            Instructions = "Be brief.", MaxOutputTokens = 300, Temperature = 0.5f, Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("get_temperature"),
        });

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal("Be brief.", sent.GetProperty("instructions").GetString());
        Assert.Equal(300, sent.GetProperty("max_output_tokens").GetInt32());
        Assert.False(sent.TryGetProperty("max_tokens", out _));
        Assert.Equal("get_temperature", sent.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("""{"type":"function","name":"get_temperature"}""", sent.GetProperty("tool_choice").GetRawText());
        JsonElement input = sent.GetProperty("input");
        Assert.Equal("input_text", input[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("https://example.org/tokyo.png", input[0].GetProperty("content")[1].GetProperty("image_url").GetString());
        Assert.Equal("function_call", input[1].GetProperty("type").GetString());
        Assert.Equal("""{"city":"Tokyo"}""", input[1].GetProperty("arguments").GetString());
        Assert.Equal("function_call_output", input[2].GetProperty("type").GetString());
        Assert.Equal("21C", input[2].GetProperty("output").GetString());
    }

    [Fact]
    public async Task An_error_event_in_a_responses_stream_throws()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/openai-responses-stream-error-event.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi, provider: "openai");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Equal("insufficient_quota", error.ErrorCode);
        Assert.StartsWith("You exceeded your current quota", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responses_stream_cut_before_completion_throws()
    {
        // Hand-written: the first events of the recorded OpenAI text stream, then the connection closes.
        string recorded = Encoding.UTF8.GetString(Fixtures.Bytes("responses-api/openai-gpt-4o-text-stream.sse"));
        string cut = recorded[..recorded.IndexOf("event: response.output_text.done", StringComparison.Ordinal)];
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(cut));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi);

        await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));
    }

    [Fact]
    public async Task DeepSeek_rejecting_interleaved_calls_is_read_despite_its_octet_stream_content_type()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/deepseek-responses-400-octet-stream.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: ResponsesApi, provider: "deepseek");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("No tool output found for tool call call-a.", error.ProviderMessage);
        Assert.Equal("/v1/responses", server.SingleRequest.Path);
    }

    /// <summary>The oracle for a recorded Responses stream, read naively with <see cref="JsonDocument"/>.</summary>
    private sealed class RecordedResponse
    {
        public StringBuilder Text { get; } = new();
        public StringBuilder Reasoning { get; } = new();
        public List<(string Id, string Name, string Arguments)> Calls { get; } = [];
        public JsonElement? Usage { get; private set; }
        public string? Status { get; private set; }
        public string? ResponseId { get; private set; }

        public static RecordedResponse FromStream(byte[] sse)
        {
            var recorded = new RecordedResponse();
            foreach (string line in Encoding.UTF8.GetString(sse).Split('\n'))
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal) || line[5..].Trim() == "[DONE]")
                {
                    continue;
                }

                JsonElement data = JsonDocument.Parse(line[5..].Trim()).RootElement;
                switch (data.GetProperty("type").GetString())
                {
                    case "response.output_text.delta":
                        recorded.Text.Append(data.GetProperty("delta").GetString());
                        break;
                    case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
                        recorded.Reasoning.Append(data.GetProperty("delta").GetString());
                        break;
                    case "response.output_item.done" when data.GetProperty("item").GetProperty("type").GetString() == "function_call":
                        JsonElement item = data.GetProperty("item");
                        recorded.Calls.Add((item.GetProperty("call_id").GetString()!, item.GetProperty("name").GetString()!, item.GetProperty("arguments").GetString()!));
                        break;
                    case "response.created":
                        recorded.ResponseId = data.GetProperty("response").GetProperty("id").GetString();
                        break;
                    case "response.completed" or "response.incomplete":
                        recorded.Usage = data.GetProperty("response").GetProperty("usage").Clone();
                        recorded.Status = data.GetProperty("response").GetProperty("status").GetString();
                        break;
                }
            }

            return recorded;
        }
    }
}

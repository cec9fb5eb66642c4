using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

public sealed class ChatCompletionsTests
{
    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    [Fact]
    public async Task A_non_streamed_answer_comes_back_as_the_upstream_sent_it()
    {
        JsonElement recorded = Fixtures.Json("chat-completions/vllm-qwen3-8b-reasoning-content.json");
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);

        JsonElement message = recorded.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(message.GetProperty("content").GetString(), completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(20, completion.Usage.InputTokenCount);
        Assert.Equal(491, completion.Usage.OutputTokenCount);
        Assert.Equal(511, completion.Usage.TotalTokenCount);
        Assert.Equal("local:assistant", completion.Model);
        Assert.Equal("served-qwen", vllm.SingleRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_streamed_answer_ends_with_the_usage_the_upstream_reported()
    {
        const string recording = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat().CompleteChatStreamingAsync(Question))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
        }

        Assert.Equal(RecordedText(recording), text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(78, usage.InputTokenCount);
        Assert.Equal(9, usage.OutputTokenCount);
        Assert.Equal(87, usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_usage_chunk_is_sent_only_when_asked_with_empty_choices_before_done()
    {
        const string recording = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording), Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        List<string> without = await StreamEventsAsync(http, """{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        List<string> with = await StreamEventsAsync(http, """{"model":"local:assistant","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("[DONE]", without[^1]);
        Assert.DoesNotContain(without, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal("[DONE]", with[^1]);
        JsonElement usageChunk = JsonDocument.Parse(with[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(87, usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(1, with.Count(e => e.Contains("\"usage\"", StringComparison.Ordinal)));
        JsonElement first = JsonDocument.Parse(with[0]).RootElement;
        Assert.Equal("chat.completion.chunk", first.GetProperty("object").GetString());
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Tool_calls_come_back_whole_and_tools_reach_the_upstream()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("chat-completions/openai-gpt-4o-parallel-tool-calls.json"),
            Fixtures.Reply("chat-streaming/openai-gpt-4o-tool-call-argument-fragments.sse"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        ChatTool tool = ChatTool.CreateFunctionTool("delete_file", "Deletes a file", BinaryData.FromString("""{"type":"object","properties":{"path":{"type":"string"}}}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateAutoChoice() };

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question, options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal(["delete_file", "create_file"], completion.ToolCalls.Select(c => c.FunctionName));
        Assert.Equal("call_jYdIdRZHxZTn5bWCq5jlMrJi", completion.ToolCalls[0].Id);
        Assert.Equal(".env", JsonDocument.Parse(completion.ToolCalls[0].FunctionArguments).RootElement.GetProperty("path").GetString());
        JsonElement sent = vllm.Requests[0].Json;
        Assert.Equal("delete_file", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("auto", sent.GetProperty("tool_choice").GetString());

        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat().CompleteChatStreamingAsync(Question, options))
        {
            foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
            {
                if (call.FunctionName is { } name)
                {
                    names[call.Index] = name;
                }

                (arguments.TryGetValue(call.Index, out StringBuilder? builder) ? builder : arguments[call.Index] = new StringBuilder()).Append(call.FunctionArgumentsUpdate);
            }
        }

        (string expectedName, string expectedArguments) = RecordedToolCall("chat-streaming/openai-gpt-4o-tool-call-argument-fragments.sse");
        Assert.Equal(expectedName, Assert.Single(names).Value);
        Assert.Equal(JsonDocument.Parse(expectedArguments).RootElement.ToString(), JsonDocument.Parse(arguments[0].ToString()).RootElement.ToString());
    }

    [Fact]
    public async Task Extra_fields_and_response_format_pass_through_to_the_upstream()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json("""
            {"model":"local:assistant","messages":[{"role":"user","content":"hi"}],"top_k":20,
             "chat_template_kwargs":{"enable_thinking":false},
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"n":{"type":"integer"}}}}}}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement sent = vllm.SingleRequest.Json;
        Assert.Equal(20, sent.GetProperty("top_k").GetInt32());
        Assert.False(sent.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
        Assert.Equal("json_schema", sent.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("answer", sent.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_upstream_failure_falls_back_to_the_next_route()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint, openRouter.Endpoint));

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);

        Assert.StartsWith("\n\n5的阶乘", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Single(vllm.Requests);
        CapturedRequest fallback = openRouter.SingleRequest;
        Assert.Equal("Bearer " + GatewayHost.OpenRouterKey, fallback.Headers["Authorization"]);
        Assert.Equal("qwen/qwen3-4b", fallback.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task When_every_route_fails_the_client_gets_an_OpenAI_error_with_the_upstream_status()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat().CompleteChatAsync(Question));

        Assert.Equal(502, error.Status);
        Assert.Contains("Loading model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_upstream_is_a_timeout_error_never_a_finished_answer()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:StreamIdleTimeoutSeconds", "1"));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions",
            Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));

        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.Equal("timeout_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<List<string>> StreamEventsAsync(HttpClient http, string body)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
    }

    private static IEnumerable<JsonElement> RecordedChunks(string recording) =>
        Encoding.UTF8.GetString(Fixtures.Bytes(recording)).Split('\n')
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement);

    private static string RecordedText(string recording) => string.Concat(RecordedChunks(recording)
        .SelectMany(chunk => chunk.GetProperty("choices").EnumerateArray())
        .Select(choice => choice.GetProperty("delta").TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String ? content.GetString() : ""));

    private static (string Name, string Arguments) RecordedToolCall(string recording)
    {
        string name = "";
        var arguments = new StringBuilder();
        foreach (JsonElement choice in RecordedChunks(recording).SelectMany(chunk => chunk.GetProperty("choices").EnumerateArray()))
        {
            if (choice.GetProperty("delta").TryGetProperty("tool_calls", out JsonElement calls))
            {
                JsonElement function = calls[0].GetProperty("function");
                if (function.TryGetProperty("name", out JsonElement n))
                {
                    name = n.GetString()!;
                }

                if (function.TryGetProperty("arguments", out JsonElement a))
                {
                    arguments.Append(a.GetString());
                }
            }
        }

        return (name, arguments.ToString());
    }
}

public sealed class StreamFailureTests
{
    private const string Recording = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";

    /// <summary>The first <paramref name="events"/> events of the recording: content has started, no finish, no [DONE].</summary>
    private static byte[] Head(int events) => Encoding.UTF8.GetBytes(string.Concat(
        Encoding.UTF8.GetString(Fixtures.Bytes(Recording)).Split("\n\n").Take(events).Select(e => e + "\n\n")));

    [Fact]
    public async Task A_stream_that_stalls_after_content_ends_with_an_error_event_and_no_done()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(3)) { HangAfterBody = true });
        // 3 s, not 1: on a busy machine a fresh host can take over a second to pass on the first event, which the idle
        // limit would then (rightly) treat as a stall before any content, a different case from the one tested here.
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:StreamIdleTimeoutSeconds", "3"));
        using HttpClient http = gateway.CreateClient();

        List<string> events = await Events(http);

        Assert.Contains(events, e => e.Contains("\"content\":\"The\"", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", events);
        Assert.DoesNotContain(events, e => e.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
        Assert.Equal("upstream_idle_timeout", JsonDocument.Parse(events[^1]).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_stream_cut_after_content_ends_with_an_error_event_never_a_spliced_answer()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(3)) { AbortAfterBody = true });
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint, openRouter.Endpoint));
        using HttpClient http = gateway.CreateClient();

        List<string> events = await Events(http);

        Assert.DoesNotContain("[DONE]", events);
        Assert.Equal("upstream_error", JsonDocument.Parse(events[^1]).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(openRouter.Requests);
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_the_upstream_call()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();
        using var leave = new CancellationTokenSource();

        Task<HttpResponseMessage> request = http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""), leave.Token);
        for (int i = 0; i < 100 && vllm.Requests.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Single(vllm.Requests);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        for (int i = 0; i < 100 && vllm.AbortedCount == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, vllm.AbortedCount);
    }

    [Fact]
    public async Task A_stream_that_stalls_after_its_first_chunk_ends_with_the_idle_error_event_from_the_clients_own_limit()
    {
        // The upstream stalls after content; the gateway's idle limit is the route client's, and its failure is the
        // gateway's upstream_idle_timeout event, with no [DONE] and no fallback once content was sent.
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(3)) { HangAfterBody = true });
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint, openRouter.Endpoint), ("Gateway:StreamIdleTimeoutSeconds", "0.5"));
        using HttpClient http = gateway.CreateClient();

        Task<List<string>> reading = Events(http);
        Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))));
        List<string> events = await reading;

        Assert.Contains(events, e => e.Contains("\"content\":\"The\"", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", events);
        JsonElement error = JsonDocument.Parse(events[^1]).RootElement.GetProperty("error");
        Assert.Equal("upstream_idle_timeout", error.GetProperty("code").GetString());
        Assert.Equal("timeout_error", error.GetProperty("type").GetString());
        Assert.Empty(openRouter.Requests);
    }

    [Fact]
    public async Task A_client_that_stops_reading_cannot_hold_the_upstream_past_the_request_time_limit()
    {
        // An endless upstream stream and a client that reads the headers and then nothing: the gateway's writes wait on
        // the client, and the request's time limit must still end them, and the upstream call with them.
        byte[] chunk = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(
            """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"more and more text "},"finish_reason":null}]}""" + "\n\n", 40)));
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(3)) { RepeatAfterBody = chunk });
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:RequestTimeoutSeconds", "1"));
        using HttpClient http = gateway.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        for (int i = 0; i < 200 && vllm.AbortedCount == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, vllm.AbortedCount);
    }

    private static async Task<List<string>> Events(HttpClient http)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
    }
}

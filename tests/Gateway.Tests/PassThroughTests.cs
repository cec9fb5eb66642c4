using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// The streaming pass-through (upstream chunk bytes forwarded, <c>model</c> rewritten) against the parsed path
/// (<c>Gateway:StreamPassThrough=false</c>) over the same recorded streams: the same answer, tool calls, finish reason,
/// usage chunk (only when asked), error events, fallback and charges. Not run beside a test that listens to the GenAI
/// telemetry (a process-wide listener turns the pass-through off).
/// </summary>
[Collection(Collection)]
public sealed class PassThroughTests
{
    /// <summary>The tests that must not run while another listens to GenAI telemetry, or that listen to it.</summary>
    public const string Collection = "GenAI telemetry listeners";

    private const string AdminKey = "admin-secret-0001";
    private const string Text = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    public static TheoryData<string, bool> Recordings() => new()
    {
        { Text, true },
        { Text, false },
        { "chat-streaming/openai-gpt-4o-tool-call-argument-fragments.sse", true },
        { "chat-streaming/openai-gpt-4o-parallel-tool-calls.sse", false },
        { "chat-streaming/openai-gpt-4o-text-then-tool-call.sse", true },
        // DeepSeek: usage on the finish chunk, "usage": null on every other one, reasoning_content.
        { "chat-streaming/deepseek-reasoner-reasoning-then-content.sse", true },
        { "chat-streaming/deepseek-reasoner-reasoning-then-content.sse", false },
        { "chat-streaming/deepseek-reasoner-tool-call-fragments.sse", true },
        // OpenRouter: keep-alive comments, "reasoning" for reasoning, usage with a choices entry.
        { "chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse", true },
        { "chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse", false },
        { "chat-streaming/vllm-crusoe-llama-3.3-text-usage.sse", true },
        { "chat-streaming/xai-grok-3-mini-reasoning-content-tool-call.sse", true },
        // No usage at all: the estimate is what both paths send.
        { "chat-streaming/anthropic-openai-compat-tool-call-index-1.sse", true },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task The_pass_through_streams_what_the_parsed_path_streams(string recording, bool includeUsage)
    {
        Transcript passed = await RawTranscriptAsync(recording, includeUsage, passThrough: true);
        Transcript parsed = await RawTranscriptAsync(recording, includeUsage, passThrough: false);

        Assert.Equal(parsed.Text, passed.Text);
        Assert.Equal(parsed.Reasoning, passed.Reasoning);
        Assert.Equal(parsed.ToolCalls, passed.ToolCalls);
        Assert.Equal(parsed.FinishReason, passed.FinishReason);
        Assert.Equal(includeUsage, passed.Usage is not null);
        if (parsed.Usage is not null && parsed.Usage.Contains("\"estimated\":true", StringComparison.Ordinal))
        {
            // No usage recorded: both estimate it, from the same prompt and from the answer's characters (counted from the
            // bytes by the pass-through, so its output estimate may differ by a few tokens).
            AssertSimilarEstimate(JsonDocument.Parse(parsed.Usage).RootElement, JsonDocument.Parse(passed.Usage!).RootElement, "prompt_tokens", "completion_tokens");
        }
        else
        {
            Assert.Equal(parsed.Usage, passed.Usage);
        }

        Assert.Equal(["local:assistant"], passed.Models);
        Assert.Equal("[DONE]", passed.Last);
        // The recording's own fields came through: the bytes were forwarded, not written again.
        Assert.NotEqual(parsed.Body, passed.Body);
    }

    [Theory]
    [InlineData(Text)]
    [InlineData("chat-streaming/openai-gpt-4o-parallel-tool-calls.sse")]
    [InlineData("chat-streaming/deepseek-reasoner-tool-call-fragments.sse")]
    [InlineData("chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse")]
    public async Task The_official_client_reads_the_same_answer_and_usage_from_both_paths(string recording)
    {
        SdkTranscript passed = await SdkTranscriptAsync(recording, passThrough: true);
        SdkTranscript parsed = await SdkTranscriptAsync(recording, passThrough: false);

        Assert.Equal(parsed, passed);
        Assert.NotNull(passed.TotalTokens);
    }

    [Fact]
    public async Task An_upstream_forwarded_field_shows_the_pass_through_and_the_setting_turns_it_off()
    {
        string passed = (await StreamAsync(Fixtures.Reply(Text), includeUsage: false, passThrough: true)).Body;
        string parsed = (await StreamAsync(Fixtures.Reply(Text), includeUsage: false, passThrough: false)).Body;

        Assert.Contains("\"system_fingerprint\"", passed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"system_fingerprint\"", parsed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"usage\"", passed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_mid_stream_ends_both_paths_with_the_same_error_event_and_no_done()
    {
        byte[] stream = [.. Head(Text, 3), .. """data: {"error":{"message":"The provider is overloaded.","code":502}}"""u8, .. "\n\n"u8];

        (string passedBody, List<string> passed) = await StreamAsync(new ServerReply(200, "text/event-stream", stream), includeUsage: true, passThrough: true);
        (_, List<string> parsed) = await StreamAsync(new ServerReply(200, "text/event-stream", stream), includeUsage: true, passThrough: false);

        Assert.Contains("\"content\":\"The\"", passedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", passed);
        JsonElement error = JsonDocument.Parse(passed[^1]).RootElement.GetProperty("error");
        Assert.Contains("overloaded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(parsed[^1], passed[^1]);
    }

    [Fact]
    public async Task A_route_stalled_before_its_first_content_falls_back_and_the_next_route_is_passed_through()
    {
        byte[] opening = Head("chat-streaming/openrouter-claude-sonnet-4.5-reasoning-keepalive.sse", 3);
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(ServerReply.StalledAfterHeaders("text/event-stream", opening));
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Text));
        using var gateway = new GatewayHost(GatewayHost.Fallback(vllm.Endpoint, openRouter.Endpoint, vllmTimeoutSeconds: 0.3));
        using HttpClient http = gateway.CreateClient();

        (string body, List<string> events) = await PostAsync(http, includeUsage: true);

        Assert.Contains("\"content\":\"The\"", body, StringComparison.Ordinal);
        Assert.Contains("\"system_fingerprint\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("anthropic/claude", body, StringComparison.Ordinal);
        Assert.Equal(87, JsonDocument.Parse(events[^2]).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("[DONE]", events[^1]);
        Assert.Single(vllm.Requests);
        Assert.Single(openRouter.Requests);
    }

    [Fact]
    public async Task A_stream_sent_in_pieces_reaches_the_client_chunk_by_chunk_in_order_with_the_model_rewritten()
    {
        // Some chunks come together (one network read, one batch), some apart (a pause of the upstream between them).
        string[][] pieces =
        [
            [Chunk("""{"role":"assistant","content":""}"""), Chunk("""{"content":"One"}"""), Chunk("""{"content":","}""")],
            [Chunk("""{"content":" two"}""")],
            [Chunk("""{"content":", three"}"""), Chunk("""{"content":"."}""")],
            [Chunk("{}", "stop"), """{"id":"c1","object":"chat.completion.chunk","created":7,"model":"served-qwen","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10}}""", "[DONE]"],
        ];
        (_, List<string> events) = await StreamAsync(Paced(pieces), includeUsage: true, passThrough: true);

        // Every chunk with content or role, in the upstream's order, each byte as sent but for the model the client asked for.
        Assert.Equal(AsForwarded(pieces, 7), events.Take(7));
        Assert.Equal(10, JsonDocument.Parse(events[7]).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("[DONE]", events[8]);
        Assert.Equal(9, events.Count);
    }

    [Fact]
    public async Task A_role_chunk_sent_alone_keeps_its_bytes_while_the_routing_loop_waits_for_the_first_content()
    {
        // The role chunk comes in a read of its own: the attempt loop holds its batch while the stream reads the content.
        string[][] pieces =
        [
            [Chunk("""{"role":"assistant","content":"","refusal":null}""")],
            [Chunk("""{"content":"Hi"}"""), Chunk("""{"content":" there, a longer chunk than the role's"}""")],
            [Chunk("{}", "stop"), "[DONE]"],
        ];
        (_, List<string> events) = await StreamAsync(Paced(pieces), includeUsage: false, passThrough: true);

        Assert.Equal(AsForwarded(pieces, 4), events.Take(4));
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task A_route_whose_first_batch_is_only_a_role_chunk_and_then_breaks_falls_back_before_the_client_sees_it()
    {
        string role = Chunk("""{"role":"assistant","content":""}""").Replace("\"c1\"", "\"first-route\"", StringComparison.Ordinal);
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", SseEvents([role])) { AbortAfterBody = true });
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Text));
        using var gateway = new GatewayHost(GatewayHost.Fallback(vllm.Endpoint, openRouter.Endpoint, vllmTimeoutSeconds: 5));
        using HttpClient http = gateway.CreateClient();

        (string body, List<string> events) = await PostAsync(http, includeUsage: false);

        Assert.DoesNotContain("first-route", body, StringComparison.Ordinal);
        Assert.Contains("\"content\":\"The\"", body, StringComparison.Ordinal);
        Assert.Equal("assistant", JsonDocument.Parse(events[0]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("[DONE]", events[^1]);
        Assert.Single(vllm.Requests);
        Assert.Single(openRouter.Requests);
    }

    private static string Chunk(string delta, string? finish = null) => StreamChunks.Chunk("served-qwen", delta, finish);

    private static byte[] SseEvents(string[] data) => StreamChunks.Events(data);

    [Theory]
    [InlineData(Text)]
    [InlineData("chat-streaming/anthropic-openai-compat-tool-call-index-1.sse")]
    public async Task A_passed_through_stream_is_charged_and_reported_as_the_parsed_one_is(string recording)
    {
        JsonElement passed = await ChargedAsync(recording, passThrough: true);
        JsonElement parsed = await ChargedAsync(recording, passThrough: false);

        Assert.Equal(1, passed.GetProperty("requests").GetInt64());
        Assert.True(passed.GetProperty("total_tokens").GetInt64() > 0);
        Assert.True(passed.GetProperty("cost_usd").GetDecimal() > 0);
        JsonElement estimated = parsed.GetProperty("estimated");
        Assert.Equal(estimated.GetProperty("requests").GetInt64(), passed.GetProperty("estimated").GetProperty("requests").GetInt64());
        if (estimated.GetProperty("requests").GetInt64() == 0)
        {
            Assert.Equal(parsed.ToString(), passed.ToString());
        }
        else
        {
            AssertSimilarEstimate(parsed, passed, "input_tokens", "output_tokens");
            Assert.Equal(passed.GetProperty("cost_usd").GetDecimal(), passed.GetProperty("estimated").GetProperty("cost_usd").GetDecimal());
        }
    }

    /// <summary>The same input estimate, and an output estimate within a quarter of the parsed path's.</summary>
    private static void AssertSimilarEstimate(JsonElement parsed, JsonElement passed, string input, string output)
    {
        Assert.Equal(parsed.GetProperty(input).GetInt64(), passed.GetProperty(input).GetInt64());
        long expected = parsed.GetProperty(output).GetInt64(), actual = passed.GetProperty(output).GetInt64();
        Assert.True(actual > 0 && Math.Abs(actual - expected) * 4 <= expected, $"output estimate {actual}, parsed {expected}");
    }

    private static async Task<JsonElement> ChargedAsync(string recording, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:AdminKey", AdminKey), ("Gateway:StreamPassThrough", passThrough ? "true" : "false"));
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat("local:assistant", "sk-team").CompleteChatStreamingAsync(Question))
        {
            Assert.NotNull(update);
        }

        return await gateway.KeyUsageAsync(AdminKey, "team");
    }

    private static async Task<Transcript> RawTranscriptAsync(string recording, bool includeUsage, bool passThrough)
    {
        (string body, List<string> events) = await StreamAsync(Fixtures.Reply(recording), includeUsage, passThrough);
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<(string Id, string Name, StringBuilder Arguments)>();
        var byIndex = new Dictionary<int, int>();
        string? finish = null, usage = null;
        var models = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string data in events.Where(e => e.StartsWith('{')))
        {
            JsonElement chunk = JsonDocument.Parse(data).RootElement;
            models.Add(chunk.GetProperty("model").GetString()!);
            if (chunk.TryGetProperty("usage", out JsonElement u) && u.ValueKind == JsonValueKind.Object)
            {
                Assert.Null(usage);
                usage = u.ToString();
            }

            foreach (JsonElement choice in chunk.GetProperty("choices").EnumerateArray())
            {
                if (choice.TryGetProperty("finish_reason", out JsonElement f) && f.ValueKind == JsonValueKind.String)
                {
                    finish = f.GetString();
                }

                JsonElement delta = choice.GetProperty("delta");
                text.Append(StringOf(delta, "content"));
                reasoning.Append(StringOf(delta, "reasoning_content"));
                if (delta.TryGetProperty("tool_calls", out JsonElement toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement call in toolCalls.EnumerateArray())
                    {
                        int index = call.GetProperty("index").GetInt32();
                        if (!byIndex.TryGetValue(index, out int position))
                        {
                            byIndex[index] = position = calls.Count;
                            calls.Add(("", "", new StringBuilder()));
                        }

                        JsonElement function = call.GetProperty("function");
                        (string id, string name, StringBuilder arguments) = calls[position];
                        calls[position] = (id.Length > 0 ? id : StringOf(call, "id"), name.Length > 0 ? name : StringOf(function, "name"), arguments.Append(StringOf(function, "arguments")));
                    }
                }
            }
        }

        string toolCallsText = string.Join("|", calls.Select(c => $"{c.Id}:{c.Name}:{JsonNode.Parse(c.Arguments.ToString())?.ToJsonString()}"));
        return new Transcript(text.ToString(), reasoning.ToString(), toolCallsText, finish, usage, [.. models], events[^1], body);
    }

    private static async Task<SdkTranscript> SdkTranscriptAsync(string recording, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:StreamPassThrough", passThrough ? "true" : "false"));
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        string? model = null;
        await foreach (StreamingChatCompletionUpdate update in gateway.Chat().CompleteChatStreamingAsync(Question))
        {
            model ??= update.Model;
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
            {
                (string? id, string? name, StringBuilder arguments) = calls.TryGetValue(call.Index, out var known) ? known : (null, null, new StringBuilder());
                calls[call.Index] = (id ?? call.ToolCallId, name ?? call.FunctionName, arguments.Append(call.FunctionArgumentsUpdate?.ToString()));
            }

            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }

        string toolCalls = string.Join("|", calls.Values.Select(c => $"{c.Id}:{c.Name}:{JsonNode.Parse(c.Arguments.ToString())?.ToJsonString()}"));
        return new SdkTranscript(text.ToString(), toolCalls, finish, usage?.InputTokenCount, usage?.OutputTokenCount, usage?.TotalTokenCount, model);
    }

    /// <summary>An upstream that sends each piece (a group of events, one network write) 150 ms after the one before.</summary>
    private static ServerReply Paced(string[][] pieces) => new(200, "text/event-stream", SseEvents(pieces[0]))
    {
        PiecesAfterBody = [.. pieces.Skip(1).Select(SseEvents)],
        PauseBeforePiece = TimeSpan.FromMilliseconds(150),
    };

    /// <summary>The first <paramref name="count"/> events of <paramref name="pieces"/> as the client should read them: byte
    /// for byte, but for the model the client asked for.</summary>
    private static string[] AsForwarded(string[][] pieces, int count) =>
        [.. pieces.SelectMany(p => p).Take(count).Select(c => c.Replace("\"served-qwen\"", "\"local:assistant\"", StringComparison.Ordinal))];

    private static async Task<(string Body, List<string> Events)> StreamAsync(ServerReply reply, bool includeUsage, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(reply);
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:StreamPassThrough", passThrough ? "true" : "false"));
        using HttpClient http = gateway.CreateClient();
        return await PostAsync(http, includeUsage);
    }

    private static async Task<(string Body, List<string> Events)> PostAsync(HttpClient http, bool includeUsage)
    {
        string streamOptions = includeUsage ? ""","stream_options":{"include_usage":true}""" : "";
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json($$"""{"model":"local:assistant","stream":true{{streamOptions}},"messages":[{"role":"user","content":"What is 5 factorial?"}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        return (body, body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList());
    }

    private static string StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>The first <paramref name="events"/> events of a recording.</summary>
    private static byte[] Head(string recording, int events) => Encoding.UTF8.GetBytes(string.Concat(
        Encoding.UTF8.GetString(Fixtures.Bytes(recording)).Split("\n\n").Take(events).Select(e => e + "\n\n")));

    private sealed record Transcript(string Text, string Reasoning, string ToolCalls, string? FinishReason, string? Usage, string[] Models, string Last, string Body);

    private sealed record SdkTranscript(string Text, string ToolCalls, ChatFinishReason? FinishReason, int? InputTokens, int? OutputTokens, int? TotalTokens, string? Model);
}

[CollectionDefinition(PassThroughTests.Collection, DisableParallelization = true)]
public sealed class GenAITelemetryListenersCollection;

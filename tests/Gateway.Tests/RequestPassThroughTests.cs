using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// The byte pass-through of whole calls (request body forwarded with only <c>model</c> set, the non-streamed answer's
/// bytes with only <c>model</c> and <c>usage</c> rewritten) against the parsed path (<c>Gateway:PassThrough=false</c>):
/// the same request reaches the upstream, the official client reads the same answer, the same charges, the same
/// refusals. In the telemetry collection: a process-wide GenAI listener turns the pass-through off.
/// </summary>
[Collection(PassThroughTests.Collection)]
public sealed class RequestPassThroughTests
{
    private const string AdminKey = "admin-secret-0001";
    private const string ToolCall = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";

    private static readonly ChatMessage[] Question = [new SystemChatMessage("Be brief."), new UserChatMessage("Which files should I touch?")];

    /// <summary>A request with every shape the scanner forwards: roles, names, tool calls and results, tools, tool_choice,
    /// sampling parameters, stop sequences and a provider-specific field.</summary>
    private const string RichRequest = """
        {"model":"local:assistant","temperature":0.5,"top_p":0.9,"seed":7,"stop":["END"],"max_tokens":200,"top_k":40,
         "messages":[{"role":"system","content":"Be brief.\nReally."},{"role":"user","name":"ann","content":"Weather in Paris? \u00e9\ud83d\ude00"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":[1,2],\"metric\":true,\"note\":null}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":21}"},{"role":"assistant","content":"It is 21 degrees."},{"role":"user","content":"And tomorrow?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"The weather of a city.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
         "tool_choice":"auto","reasoning_effort":"low"}
        """;

    public static TheoryData<string> Answers() =>
        [.. Directory.GetFiles(Path.Combine(Fixtures.Directory, "chat-completions"), "*.json").Select(f => "chat-completions/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task The_official_client_reads_the_same_answer_and_usage_from_both_paths(string recording)
    {
        (SdkAnswer passed, JsonNode passedRequest) = await SdkAnswerAsync(recording, passThrough: true);
        (SdkAnswer parsed, JsonNode parsedRequest) = await SdkAnswerAsync(recording, passThrough: false);

        Assert.Equal(parsed with { Raw = "" }, passed with { Raw = "" });
        Assert.True(JsonNode.DeepEquals(parsedRequest, passedRequest), $"parsed {parsedRequest.ToJsonString()}\npassed {passedRequest.ToJsonString()}");
        Assert.NotNull(passed.TotalTokens);
        // The official client's request (tools, temperature) was forwarded, and so was every answer the scanner takes.
        if (ChatCompletionAnswerScanner.Scan(Fixtures.Bytes(recording)) is not null && Fixtures.Json(recording).TryGetProperty("system_fingerprint", out _))
        {
            Assert.Contains("\"system_fingerprint\"", passed.Raw, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"system_fingerprint\"", parsed.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_answer_is_forwarded_as_bytes_with_the_asked_model_and_the_gateways_priced_usage()
    {
        string passed = await RawAnswerAsync(ToolCall, passThrough: true);
        string parsed = await RawAnswerAsync(ToolCall, passThrough: false);

        // Forwarded: the upstream's own fields came through, and the gateway's usage replaced the upstream's.
        Assert.Contains("\"system_fingerprint\"", passed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"system_fingerprint\"", parsed, StringComparison.Ordinal);
        Assert.DoesNotContain("gpt-4o-2024-08-06", passed, StringComparison.Ordinal);
        JsonElement usage = JsonDocument.Parse(passed).RootElement.GetProperty("usage");
        Assert.True(usage.GetProperty("cost").GetDecimal() > 0);
        Assert.False(usage.TryGetProperty("completion_tokens_details", out _) && usage.GetProperty("completion_tokens_details").TryGetProperty("audio_tokens", out _));
        Assert.Equal(JsonDocument.Parse(parsed).RootElement.GetProperty("usage").ToString(), usage.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_non_streamed_answer_is_sent_whole_with_its_content_length_on_either_path(bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        ClientResult<ChatCompletion> result = await gateway.Chat().CompleteChatAsync(Question);

        // The whole answer with its length, not a chunked body (whose end would cost the server a write of its own).
        System.ClientModel.Primitives.PipelineResponse response = result.GetRawResponse();
        Assert.True(response.Headers.TryGetValue("Content-Length", out string? length), "the answer has no Content-Length");
        Assert.Equal(response.Content.ToArray().Length, int.Parse(length!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Fixtures.Json(ToolCall).GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").GetArrayLength(), result.Value.ToolCalls.Count);
    }

    [Fact]
    public async Task A_GenAI_telemetry_listener_turns_the_forwarding_off_so_the_telemetry_layer_sees_the_call()
    {
        var chats = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Experimental.Microsoft.Extensions.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (chats)
                {
                    chats.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        string answer = await RawAnswerAsync(ToolCall, passThrough: true);

        // Parsed and written again, as with the pass-through off: the upstream's own fields did not come through.
        Assert.DoesNotContain("\"system_fingerprint\"", answer, StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(answer).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").GetArrayLength());
        lock (chats)
        {
            Assert.Contains(chats, activity => activity.GetTagItem("gen_ai.request.model") is string);
        }
    }

    [Theory]
    // "reasoning" is named reasoning_content, as the gateway's own answers and the streamed pass-through name it.
    [InlineData("chat-completions/ollama-qwen3-0.6b-reasoning.json", "reasoning_content", "reasoning", JsonValueKind.String)]
    // Empty content beside tool calls is null, as the gateway writes it.
    [InlineData("chat-completions/alibaba-qwen3-max-tool-call.json", "content", null, JsonValueKind.Null)]
    public async Task A_forwarded_answer_is_rewritten_only_where_the_gateways_own_answer_differs(string recording, string present, string? absent, JsonValueKind kind)
    {
        string passed = await RawAnswerAsync(recording, passThrough: true);
        JsonElement message = JsonDocument.Parse(passed).RootElement.GetProperty("choices")[0].GetProperty("message");

        Assert.Contains("\"system_fingerprint\"", passed, StringComparison.Ordinal);
        Assert.Equal(kind, message.GetProperty(present).ValueKind);
        Assert.False(absent is not null && message.TryGetProperty(absent, out _), passed);
    }

    [Fact]
    public async Task A_rich_request_reaches_the_upstream_as_the_parsed_path_writes_it_and_is_forwarded()
    {
        (JsonNode passed, string passedAnswer) = await UpstreamRequestAsync(RichRequest, passThrough: true);
        (JsonNode parsed, _) = await UpstreamRequestAsync(RichRequest, passThrough: false);

        Assert.True(JsonNode.DeepEquals(parsed, passed), $"parsed {parsed.ToJsonString()}\npassed {passed.ToJsonString()}");
        Assert.Equal("served-qwen", passed["model"]!.GetValue<string>());
        Assert.Contains("\"system_fingerprint\"", passedAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_stream_sends_the_route_model_and_asks_the_upstream_for_usage()
    {
        string request = """{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"What is 5 factorial?"}]}""";
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(request));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"system_fingerprint\"", body, StringComparison.Ordinal);
        JsonElement sent = vllm.SingleRequest.Json;
        Assert.Equal("served-qwen", sent.GetProperty("model").GetString());
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("What is 5 factorial?", sent.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_stream_whose_request_is_parsed_still_passes_its_chunks_through()
    {
        string request = """{"model":"local:assistant","stream":true,"messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"What is 5 factorial?"}]}""";
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(request));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"system_fingerprint\"", body, StringComparison.Ordinal);
        Assert.Equal("system", vllm.SingleRequest.Json.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    [Theory]
    // A developer role is sent as system, one stop string as a list, max_completion_tokens under the provider's name.
    [InlineData("""{"model":"local:assistant","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hi"}]}""", "messages", """[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]""")]
    [InlineData("""{"model":"local:assistant","stop":"END","messages":[{"role":"user","content":"Hi"}]}""", "stop", """["END"]""")]
    [InlineData("""{"model":"local:assistant","max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens", "50")]
    // Above the routed model's max_output_tokens (4096): every route is sent the clamped limit.
    [InlineData("""{"model":"local:assistant","max_tokens":5000,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens", "4096")]
    [InlineData("""{"model":"local:assistant","temperature":null,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""", "messages", """[{"role":"user","content":"Hi"}]""")]
    public async Task A_request_the_parsed_path_would_change_is_not_forwarded_as_it_is(string request, string field, string expected)
    {
        (JsonNode passed, string answer) = await UpstreamRequestAsync(request, passThrough: true);
        (JsonNode parsed, _) = await UpstreamRequestAsync(request, passThrough: false);

        Assert.True(JsonNode.DeepEquals(parsed, passed), $"parsed {parsed.ToJsonString()}\npassed {passed.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), passed[field]), passed.ToJsonString());
        Assert.DoesNotContain("\"system_fingerprint\"", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\":\"local:assistant\",")]
    [InlineData("""{"model":"local:assistant","messages":[{"role":"user","content":"Hi"}]} trailing""")]
    [InlineData("""{"model":"local:assistant","messages":[]}""")]
    [InlineData("""{"model":"local:assistant","temperature":3,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"local:assistant","n":2,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"local:assistant","messages":[{"role":"wizard","content":"Hi"}]}""")]
    [InlineData("""{"model":"local:nothing","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"local:assistant","tools":[{"type":"function"}],"messages":[{"role":"user","content":"Hi"}]}""")]
    public async Task A_malformed_or_unknown_request_gets_the_same_error_answer_from_both_paths(string request)
    {
        (HttpStatusCode passedStatus, string passed) = await ErrorAsync(request, passThrough: true);
        (HttpStatusCode parsedStatus, string parsed) = await ErrorAsync(request, passThrough: false);

        Assert.True((int)passedStatus is 400 or 404, passed);
        Assert.Equal(parsedStatus, passedStatus);
        Assert.Equal(parsed, passed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_route_that_fails_or_stalls_past_its_timeout_falls_back_and_the_next_route_is_forwarded_and_charged_once(bool stall)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            stall ? ServerReply.Hanging() : Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        await using LoopbackProviderServer openRouter = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall));
        using var gateway = new GatewayHost(
            GatewayHost.Fallback(vllm.Endpoint, openRouter.Endpoint, vllmTimeoutSeconds: 0.3), ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:AdminKey", AdminKey));

        ClientResult<ChatCompletion> result = await gateway.Chat("local:assistant", "sk-team").CompleteChatAsync(Question);
        JsonElement team = await gateway.KeyUsageAsync(AdminKey, "team");

        Assert.Contains("\"system_fingerprint\"", result.GetRawResponse().Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, result.Value.ToolCalls.Count);
        Assert.Equal("local:assistant", result.Value.Model);
        Assert.Single(vllm.Requests);
        Assert.Single(openRouter.Requests);
        Assert.Equal(1, team.GetProperty("requests").GetInt64());
        Assert.Equal(117, team.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task A_forwarded_call_is_charged_and_priced_as_the_parsed_one_is()
    {
        JsonElement passed = await ChargedAsync(passThrough: true);
        JsonElement parsed = await ChargedAsync(passThrough: false);

        Assert.Equal(1, passed.GetProperty("requests").GetInt64());
        Assert.True(passed.GetProperty("cost_usd").GetDecimal() > 0);
        Assert.Equal(parsed.ToString(), passed.ToString());
    }

    [Fact]
    public async Task A_key_over_its_tokens_per_minute_is_refused_after_a_forwarded_call_as_after_a_parsed_one()
    {
        foreach (bool passThrough in new[] { true, false })
        {
            await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall), Fixtures.Reply(ToolCall));
            using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
                ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:TokensPerMinute", "100"), ("Gateway:PassThrough", passThrough ? "true" : "false"));
            ChatClient chat = gateway.Chat("local:assistant", "sk-team");

            ChatCompletion first = await chat.CompleteChatAsync(Question);
            ClientResultException refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(Question));

            Assert.Equal(117, first.Usage.TotalTokenCount);
            Assert.Equal(429, refused.Status);
            Assert.Single(vllm.Requests);
        }
    }

    [Fact]
    public void The_prompt_estimate_read_from_the_bytes_is_the_parsed_requests()
    {
        foreach (string body in new[] { RichRequest, """{"model":"m","messages":[{"role":"user","content":"What is 5 factorial?"}]}""" })
        {
            ChatRequestHead head = Assert.IsType<ChatRequestHead>(ChatRequestHeadScanner.Scan(Encoding.UTF8.GetBytes(body)));
            ChatCompletionRequest parsed = ChatCompletionRequestReader.Read(JsonDocument.Parse(body).RootElement);

            Assert.True(head.Forwardable);
            Assert.Equal(UsageEstimator.EstimateInputTokens(parsed.Messages, parsed.Options), head.InputTokenEstimate);
        }
    }

    private static async Task<(SdkAnswer Answer, JsonNode Request)> SdkAnswerAsync(string recording, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        var options = new ChatCompletionOptions { Temperature = 0.5f, Tools = { ChatTool.CreateFunctionTool("delete_file", "Deletes a file.", BinaryData.FromString("""{"type":"object","properties":{"path":{"type":"string"}}}""")) } };
        ClientResult<ChatCompletion> result = await gateway.Chat().CompleteChatAsync(Question, options);
        ChatCompletion completion = result.Value;
        JsonElement usage = JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement.GetProperty("usage");
        string toolCalls = string.Join("|", completion.ToolCalls.Select(c => $"{c.Id}:{c.FunctionName}:{JsonNode.Parse(c.FunctionArguments.ToString())?.ToJsonString()}"));
        var answer = new SdkAnswer(
            completion.Id, completion.Model, string.Concat(completion.Content.Select(p => p.Text)), toolCalls, completion.FinishReason,
            completion.Usage?.InputTokenCount, completion.Usage?.OutputTokenCount, completion.Usage?.TotalTokenCount,
            completion.Usage?.InputTokenDetails?.CachedTokenCount, completion.Usage?.OutputTokenDetails?.ReasoningTokenCount, usage.ToString(),
            result.GetRawResponse().Content.ToString());
        return (answer, JsonNode.Parse(vllm.SingleRequest.Body)!);
    }

    private static async Task<string> RawAnswerAsync(string recording, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(recording));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        ClientResult<ChatCompletion> result = await gateway.Chat().CompleteChatAsync(Question);
        return result.GetRawResponse().Content.ToString();
    }

    private static async Task<(JsonNode Request, string Answer)> UpstreamRequestAsync(string request, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        using HttpClient http = gateway.CreateClient();
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(request));
        string answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        return (JsonNode.Parse(vllm.SingleRequest.Body)!, answer);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ErrorAsync(string request, bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        using HttpClient http = gateway.CreateClient();
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(request));
        Assert.Empty(vllm.Requests);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> ChargedAsync(bool passThrough)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ToolCall));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:AdminKey", AdminKey), ("Gateway:PassThrough", passThrough ? "true" : "false"));
        ChatCompletion completion = await gateway.Chat("local:assistant", "sk-team").CompleteChatAsync(Question);
        Assert.Equal(117, completion.Usage.TotalTokenCount);
        return await gateway.KeyUsageAsync(AdminKey, "team");
    }

    private sealed record SdkAnswer(
        string Id, string Model, string Text, string ToolCalls, OpenAI.Chat.ChatFinishReason FinishReason,
        int? InputTokens, int? OutputTokens, int? TotalTokens, int? CachedTokens, int? ReasoningTokens, string Usage, string Raw);
}

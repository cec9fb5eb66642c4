using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// Every recorded chat completion and every recorded stream, served byte for byte: the client's answer must
/// equal what the recording says (text, reasoning, tool calls, finish reason, ids, usage counted once), and the
/// request it sent must be a well-formed chat completion request.
/// </summary>
public sealed class RecordedDialectTests
{
    public static TheoryData<string> Completions() => FixtureNames("chat-completions", ".json");

    public static TheoryData<string> Streams() => FixtureNames("chat-streaming", ".sse");

    [Theory]
    [MemberData(nameof(Completions))]
    public async Task Non_streamed_answer_matches_the_recording(string fixture)
    {
        string path = "chat-completions/" + fixture;
        RecordedAnswer recorded = RecordedAnswer.FromCompletion(Fixtures.Json(path));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hello"));

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal("/v1/chat/completions", server.SingleRequest.Path);
        Assert.Equal("test-model", sent.GetProperty("model").GetString());
        Assert.False(sent.TryGetProperty("stream", out _));
        Assert.False(sent.TryGetProperty("tool_choice", out _));
        Assert.Equal("hello", sent.GetProperty("messages")[0].GetProperty("content").GetString());

        AssertMatches(recorded, response.Messages.Single().Contents, response.ResponseId, response.ModelId, response.CreatedAt, response.FinishReason);
        AssertUsage(recorded, response.Usage);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Streamed_answer_matches_the_recording(string fixture)
    {
        string path = "chat-streaming/" + fixture;
        RecordedAnswer recorded = RecordedAnswer.FromStream(Fixtures.Bytes(path));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hello"));

        JsonElement sent = server.SingleRequest.Json;
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        List<AIContent> contents = updates.SelectMany(update => update.Contents).ToList();
        ChatResponseUpdate? finish = updates.LastOrDefault(update => update.FinishReason is not null);
        AssertMatches(recorded, contents.Where(content => content is not UsageContent).ToList(),
            updates.Last().ResponseId, updates.Last().ModelId, updates.Last().CreatedAt, finish?.FinishReason);

        List<UsageContent> usages = contents.OfType<UsageContent>().ToList();
        if (recorded.Usage is null)
        {
            Assert.Empty(usages);
        }
        else
        {
            AssertUsage(recorded, Assert.Single(usages).Details);
        }

        ChatResponse combined = updates.ToChatResponse();
        Assert.Equal(recorded.Content.ToString(), combined.Text);
    }

    internal static void AssertMatches(
        RecordedAnswer recorded, IList<AIContent> contents, string? responseId, string? modelId, DateTimeOffset? createdAt, ChatFinishReason? finishReason)
    {
        Assert.Equal(recorded.Content.ToString(), string.Concat(contents.OfType<TextContent>().Select(text => text.Text)));
        Assert.Equal(recorded.ExpectedReasoning, string.Concat(contents.OfType<TextReasoningContent>().Select(text => text.Text)));
        Assert.Equal(recorded.Id, responseId);
        Assert.Equal(recorded.Model, modelId);
        Assert.Equal(recorded.Created, createdAt?.ToUnixTimeSeconds());
        Assert.Equal(recorded.FinishReason, finishReason?.Value);

        List<FunctionCallContent> calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(recorded.ToolCalls.Count, calls.Count);
        int position = 0;
        foreach ((string? id, string? name, System.Text.StringBuilder arguments) in recorded.ToolCalls.Values)
        {
            FunctionCallContent call = calls[position++];
            Assert.Equal(id, call.CallId);
            Assert.Equal(name, call.Name);
            Assert.Null(call.Exception);
            AssertSameArguments(arguments.ToString(), call.Arguments);
        }
    }

    internal static void AssertSameArguments(string expectedJson, IDictionary<string, object?>? actual)
    {
        JsonNode expected = JsonNode.Parse(expectedJson.Length == 0 ? "{}" : expectedJson)!;
        JsonNode got = JsonNode.Parse(JsonSerializer.Serialize(actual ?? new Dictionary<string, object?>()))!;
        Assert.True(JsonNode.DeepEquals(expected, got), $"arguments {got.ToJsonString()} differ from the recorded {expected.ToJsonString()}");
    }

    internal static void AssertUsage(RecordedAnswer recorded, UsageDetails? usage)
    {
        if (recorded.Usage is null)
        {
            Assert.Null(usage);
            return;
        }

        Assert.NotNull(usage);
        Assert.Equal(recorded.UsageCount("prompt_tokens"), usage.InputTokenCount);
        Assert.Equal(recorded.UsageCount("completion_tokens"), usage.OutputTokenCount);
        Assert.Equal(recorded.UsageCount("total_tokens"), usage.TotalTokenCount);
        long? cached = recorded.UsageDetail("prompt_tokens_details", "cached_tokens")
            ?? recorded.UsageCount("cached_tokens")
            ?? recorded.UsageCount("prompt_cache_hit_tokens");
        Assert.Equal(cached, usage.CachedInputTokenCount);
        Assert.Equal(recorded.UsageDetail("completion_tokens_details", "reasoning_tokens"), usage.ReasoningTokenCount);
    }

    private static TheoryData<string> FixtureNames(string folder, string extension)
    {
        var data = new TheoryData<string>();
        foreach (string file in System.IO.Directory.GetFiles(Path.Combine(Fixtures.Directory, folder), "*" + extension).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}

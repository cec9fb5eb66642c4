using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>Reasoning in: <c>reasoning_content</c>, <c>reasoning</c>, think tags. Reasoning out: the keep rules.</summary>
public sealed class ReasoningTests
{
    private const string TogetherR1 = "chat-streaming/together-deepseek-r1-think-tags-in-content.sse";

    [Fact]
    public async Task Think_tags_at_the_start_of_streamed_content_become_reasoning()
    {
        string recordedContent = RecordedAnswer.FromStream(Fixtures.Bytes(TogetherR1)).Content.ToString();
        int close = recordedContent.IndexOf("</think>", StringComparison.Ordinal);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TogetherR1));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { ReasoningTag = "think" });

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("How do I cross the street?"));

        List<AIContent> contents = updates.SelectMany(update => update.Contents).ToList();
        string reasoning = string.Concat(contents.OfType<TextReasoningContent>().Select(content => content.Text));
        string text = string.Concat(contents.OfType<TextContent>().Select(content => content.Text));
        Assert.Equal(recordedContent["<think>".Length..close], reasoning);
        Assert.Equal(recordedContent[(close + "</think>".Length)..].TrimStart(), text);
        Assert.DoesNotContain("<think>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", reasoning, StringComparison.Ordinal);
        Assert.StartsWith("\nOkay, the user asked", reasoning, StringComparison.Ordinal);
        // Reasoning is streamed as it comes, not held until the closing tag.
        Assert.True(updates.Count(update => update.Contents.OfType<TextReasoningContent>().Any()) > 100);
        Assert.Equal(955, updates.ToChatResponse().Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Think_tags_split_across_chunks_are_recognised()
    {
        // Hand-written stream: both tags cut mid-way across chunks (the recording sends each tag whole).
        string[] pieces = ["  <th", "ink>I should ", "greet.</th", "ink", ">\n\nHello", " <think>not reasoning</think>"];
        var stream = new StringBuilder();
        foreach (string piece in pieces)
        {
            stream.Append("data: {\"id\":\"x\",\"model\":\"m\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                .Append(JsonSerializer.Serialize(piece)).Append("}}]}\n\n");
        }

        stream.Append("data: {\"id\":\"x\",\"model\":\"m\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(stream.ToString()));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { ReasoningTag = "think" });

        List<AIContent> contents = (await TestClients.StreamAsync(client, TestClients.Ask("hi"))).SelectMany(update => update.Contents).ToList();

        Assert.Equal("I should greet.", string.Concat(contents.OfType<TextReasoningContent>().Select(content => content.Text)));
        Assert.Equal("Hello <think>not reasoning</think>", string.Concat(contents.OfType<TextContent>().Select(content => content.Text)));
    }

    [Fact]
    public async Task Think_tags_in_a_non_streamed_answer_become_reasoning()
    {
        // Hand-written body: a non-streamed R1-style answer (the Together recording is a stream).
        const string body = """{"id":"r1","object":"chat.completion","created":5,"model":"deepseek-ai/DeepSeek-R1","choices":[{"index":0,"message":{"role":"assistant","content":"<think>\nCross at the light.\n</think>\n\nLook both ways."},"finish_reason":"stop"}]}""";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(body));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { ReasoningTag = "think" });

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("street?"));

        Assert.Equal("\nCross at the light.\n", Assert.Single(response.Messages.Single().Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal("Look both ways.", response.Text);
    }

    [Fact]
    public async Task Without_a_reasoning_tag_think_tags_stay_text()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TogetherR1));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<AIContent> contents = (await TestClients.StreamAsync(client, TestClients.Ask("q"))).SelectMany(update => update.Contents).ToList();

        Assert.Empty(contents.OfType<TextReasoningContent>());
        Assert.StartsWith("<think>", string.Concat(contents.OfType<TextContent>().Select(content => content.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReasoningContent_wins_when_both_fields_come()
    {
        // Hand-written: no recording carries both fields in one message.
        const string body = """{"id":"b","object":"chat.completion","created":5,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"4","reasoning_content":"from reasoning_content","reasoning":"from reasoning"},"finish_reason":"stop"}]}""";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(body));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("2+2"));

        Assert.Equal("from reasoning_content", Assert.Single(response.Messages.Single().Contents.OfType<TextReasoningContent>()).Text);
    }

    [Fact]
    public async Task DeepSeek_reasoning_streams_before_the_answer_with_usage_from_the_finish_chunk()
    {
        const string path = "chat-streaming/deepseek-reasoner-reasoning-then-content.sse";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("Hello"));

        int lastReasoning = updates.FindLastIndex(update => update.Contents.OfType<TextReasoningContent>().Any());
        int firstText = updates.FindIndex(update => update.Contents.OfType<TextContent>().Any());
        Assert.True(lastReasoning < firstText);
        UsageDetails usage = Assert.Single(updates.SelectMany(update => update.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(198, usage.ReasoningTokenCount);
        Assert.Equal(6, usage.AdditionalCounts!["prompt_cache_miss_tokens"]);
        Assert.Equal("Hello there! 😊 How can I help you today?", updates.ToChatResponse().Text);
    }

    [Theory]
    [InlineData(ReasoningContentKeepType.Discard, ReasoningFieldName.ReasoningContent, new string[0])]
    [InlineData(ReasoningContentKeepType.Temp, ReasoningFieldName.ReasoningContent, new[] { "London: call the tool." })]
    [InlineData(ReasoningContentKeepType.Temp, ReasoningFieldName.Reasoning, new[] { "London: call the tool." })]
    [InlineData(ReasoningContentKeepType.Retain, ReasoningFieldName.ReasoningContent, new[] { "NY: call the tool.", "NY: it is sunny.", "London: call the tool." })]
    public async Task Reasoning_goes_back_in_history_by_the_keep_rule(ReasoningContentKeepType keep, ReasoningFieldName field, string[] expected)
    {
        // The New York / London conversation of the reference documentation: a finished tool-calling turn about
        // New York, then a new user question about London whose tool call is in progress.
        ChatMessage[] history =
        [
            new(ChatRole.User, "What's the weather in New York?"),
            new(ChatRole.Assistant, [new TextReasoningContent("NY: call the tool."), new FunctionCallContent("call_ny", "get_weather", new Dictionary<string, object?> { ["city"] = "New York" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_ny", "sunny, 25°C")]),
            new(ChatRole.Assistant, [new TextReasoningContent("NY: it is sunny."), new TextContent("It is sunny in New York.")]),
            new(ChatRole.User, "And in London?"),
            new(ChatRole.Assistant, [new TextReasoningContent("London: call the tool."), new FunctionCallContent("call_ld", "get_weather", new Dictionary<string, object?> { ["city"] = "London" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_ld", "rain, 12°C")]),
        ];
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-reasoner-reasoning-content.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server, compatibility: new CompatibilityOptions { ReasoningContentKeepType = keep, ReasoningFieldName = field });

        await client.GetResponseAsync(history);

        string name = field == ReasoningFieldName.Reasoning ? "reasoning" : "reasoning_content";
        string other = field == ReasoningFieldName.Reasoning ? "reasoning_content" : "reasoning";
        JsonElement[] assistants = server.SingleRequest.Json.GetProperty("messages").EnumerateArray()
            .Where(message => message.GetProperty("role").GetString() == "assistant").ToArray();
        Assert.Equal(3, assistants.Length);
        Assert.Equal(expected, assistants.Where(m => m.TryGetProperty(name, out _)).Select(m => m.GetProperty(name).GetString()));
        Assert.All(assistants, message => Assert.False(message.TryGetProperty(other, out _)));
    }
}

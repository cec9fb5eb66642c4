using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>One answer per call: <c>n</c> &gt; 1 is refused before anything is sent, and a choice other than 0 that an
/// upstream sends anyway is never mixed into the answer.</summary>
public sealed class SingleChoiceTests
{
    private const string TextAnswer = "chat-completions/openai-gpt-4o-mini-cached-tokens.json";

    [Fact]
    public async Task N_above_one_in_the_options_is_an_argument_exception_and_nothing_is_sent()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server);
        var options = new ChatOptions { AdditionalProperties = new() { ["n"] = 2 } };

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(TestClients.Ask("hi"), options));
        ArgumentException streamed = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("hi"), options))
            {
            }
        });

        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'n'", streamed.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task N_above_one_in_the_load_time_extra_body_is_an_argument_exception()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server, settings: new ChatModelSettings { ExtraBody = new Dictionary<string, object?> { ["n"] = JsonDocument.Parse("3").RootElement } });

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Contains("3 choices", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task N_of_one_is_sent_as_asked()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { AdditionalProperties = new() { ["n"] = 1 } });

        Assert.Equal(1, server.SingleRequest.Json.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task A_second_choice_in_a_non_streamed_answer_is_ignored()
    {
        // What an upstream sends for n = 2 (it ignores that none was asked for): choice 1 first, to show order does not matter.
        const string body = """
            {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"m","choices":[
              {"message":{"role":"assistant","content":"second answer"},"finish_reason":"stop","index":1},
              {"index":0,"message":{"role":"assistant","content":"first answer"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}
            """;
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(body));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"));

        Assert.Equal("first answer", response.Text);
        Assert.Single(response.Messages);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Interleaved_choices_in_a_stream_are_not_spliced()
    {
        var sse = new StringBuilder();
        foreach ((int index, string text) in new[] { (0, "Hel"), (1, "Bon"), (0, "lo"), (1, "jour") })
        {
            sse.Append($$"""data: {"id":"c","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":{{index}},"delta":{"content":"{{text}}"},"finish_reason":null}]}""").Append("\n\n");
        }

        sse.Append("""data: {"id":"c","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":1,"delta":{"tool_calls":[{"index":0,"id":"x","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""").Append("\n\n");
        sse.Append("""data: {"id":"c","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""").Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(sse.ToString()));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetStreamingResponseAsync(TestClients.Ask("hi")).ToChatResponseAsync();

        Assert.Equal("Hello", response.Text);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }
}

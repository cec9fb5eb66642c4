using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// The non-streamed path reads the answer from the response stream into a pooled buffer and writes the request into
/// one: answers of any size and framing parse whole, a connection that breaks in the middle of a body is retried with
/// the same request bytes, a body that stalls times out, and the caller's cancellation still cancels.
/// </summary>
public sealed class PooledBodyTests
{
    private const string ToolCallAnswer = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_larger_than_any_first_buffer_parses_whole(bool sendContentLength)
    {
        // Hand-written: a text answer of 200,000 characters (with escapes) and a tool call after it, far past the 4 KB
        // first buffer of a chunked answer, so the buffer grows several times while the answer is read.
        string text = string.Concat(Enumerable.Range(0, 20_000).Select(index => $"line {index % 10}\n"));
        byte[] answer = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = "chatcmpl-large",
            ["model"] = "test-model",
            ["choices"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["index"] = 0,
                    ["finish_reason"] = "tool_calls",
                    ["message"] = new Dictionary<string, object>
                    {
                        ["role"] = "assistant",
                        ["content"] = text,
                        ["tool_calls"] = new object[]
                        {
                            new Dictionary<string, object>
                            {
                                ["id"] = "call_large",
                                ["type"] = "function",
                                ["function"] = new Dictionary<string, object> { ["name"] = "save", ["arguments"] = "{\"lines\": 20000}" },
                            },
                        },
                    },
                },
            },
        }));
        var reply = new ServerReply(200, "application/json", answer)
        {
            Headers = sendContentLength ? new Dictionary<string, string> { ["Content-Length"] = answer.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) } : new Dictionary<string, string>(),
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(reply);
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("write it all"));

        Assert.Equal(text, response.Text);
        FunctionCallContent call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal(20_000, ((JsonElement)call.Arguments!["lines"]!).GetInt32());
        Assert.Equal("chatcmpl-large", response.ResponseId);
    }

    [Fact]
    public async Task Answers_read_back_to_back_stay_intact_once_their_buffers_are_reused()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply(ToolCallAnswer), Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse first = await client.GetResponseAsync(TestClients.Ask("files"));
        ChatResponse second = await client.GetResponseAsync(TestClients.Ask("text"));

        FunctionCallContent[] calls = first.Messages.Single().Contents.OfType<FunctionCallContent>().ToArray();
        Assert.Equal(["call_jYdIdRZHxZTn5bWCq5jlMrJi", "call_TmlTVWQbzrXCZ4jNsCVNbNqu"], calls.Select(call => call.CallId));
        Assert.Equal([".env", "test.txt"], calls.Select(call => ((JsonElement)call.Arguments!["path"]!).GetString()));
        Assert.Equal("gpt-4o-2024-08-06", first.ModelId);
        Assert.Equal(ChatFinishReason.Length, second.FinishReason);
        Assert.NotEqual(first.ResponseId, second.ResponseId);
        Assert.NotEmpty(second.Text);
    }

    [Fact]
    public async Task A_connection_that_breaks_in_the_middle_of_the_body_is_retried_with_the_same_request()
    {
        byte[] whole = Fixtures.Bytes(ToolCallAnswer);
        // The server promises the whole answer, sends half of it, and resets the connection.
        var broken = new ServerReply(200, "application/json", whole[..(whole.Length / 2)])
        {
            Headers = new Dictionary<string, string> { ["Content-Length"] = whole.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            AbortAfterBody = true,
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(broken, Fixtures.Reply(ToolCallAnswer));
        var delays = new List<TimeSpan>();
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 1, recordedDelays: delays);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("files"), new ChatOptions { Temperature = 0.25f });

        Assert.Equal(2, response.Messages.Single().Contents.OfType<FunctionCallContent>().Count());
        Assert.Single(delays);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal(0.25, server.Requests[1].Json.GetProperty("temperature").GetDouble(), 3);
    }

    [Fact]
    public async Task A_body_cut_short_with_no_retry_left_is_reported_as_unreachable()
    {
        byte[] whole = Fixtures.Bytes(ToolCallAnswer);
        var broken = new ServerReply(200, "application/json", whole[..(whole.Length / 2)])
        {
            Headers = new Dictionary<string, string> { ["Content-Length"] = whole.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            AbortAfterBody = true,
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(broken);
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 0);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("files")));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Null(error.StatusCode);
        Assert.Contains("after 1 attempt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_stalls_times_out()
    {
        byte[] whole = Fixtures.Bytes(ToolCallAnswer);
        var stalled = new ServerReply(200, "application/json", whole[..(whole.Length / 2)])
        {
            Headers = new Dictionary<string, string> { ["Content-Length"] = whole.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            HangAfterBody = true,
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(stalled);
        using OpenAICompatibleChatClient client = TestClients.Create(server, timeout: TimeSpan.FromMilliseconds(300));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("files")));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task Cancelling_while_the_body_is_read_cancels()
    {
        byte[] whole = Fixtures.Bytes(ToolCallAnswer);
        var stalled = new ServerReply(200, "application/json", whole[..(whole.Length / 2)])
        {
            Headers = new Dictionary<string, string> { ["Content-Length"] = whole.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            HangAfterBody = true,
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(stalled);
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 2);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(TestClients.Ask("files"), cancellationToken: cancellation.Token));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Calls_after_a_timeout_and_a_cancellation_each_get_a_fresh_timeout()
    {
        // The transport keeps one idle timeout source between calls; one that fired must never be handed out again.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            ServerReply.Hanging(), ServerReply.Hanging(), Fixtures.Reply(ToolCallAnswer), Fixtures.Reply(ToolCallAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, timeout: TimeSpan.FromSeconds(1));

        ChatProviderException timedOut = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));
        using (var cancellation = new CancellationTokenSource())
        {
            // Cancelled once the server holds the request, not on a timer that could lose a race with the 1 s timeout
            // on a loaded machine.
            Task<ChatResponse> cancelled = client.GetResponseAsync(TestClients.Ask("q"), cancellationToken: cancellation.Token);
            while (server.Requests.Count < 2 && !cancelled.IsCompleted)
            {
                await Task.Delay(5);
            }

            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        ChatResponse afterBoth = await client.GetResponseAsync(TestClients.Ask("files"));
        ChatResponse again = await client.GetResponseAsync(TestClients.Ask("files"));

        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.Equal(ChatFinishReason.ToolCalls, afterBoth.FinishReason);
        Assert.Equal(ChatFinishReason.ToolCalls, again.FinishReason);
    }
}

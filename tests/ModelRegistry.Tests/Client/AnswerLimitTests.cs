using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// What a provider sends back is bounded: a stream that goes silent ends after the stream idle timeout, and an answer
/// larger than the answer size limit (a body, or one stream event) fails at the limit without being read whole.
/// Each failure is a <see cref="ChatProviderException"/> without a status; the caller's cancellation stays a cancellation.
/// </summary>
public sealed class AnswerLimitTests
{
    private const string ChatRecording = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
    private const string ResponsesRecording = "responses-api/deepseek-v4-flash-function-call-stream.sse";
    private const string CompletionRecording = "chat-completions/vllm-qwen3-8b-reasoning-content.json";
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortIdle = TimeSpan.FromMilliseconds(300);

    /// <summary>The first <paramref name="events"/> events of a recording: content has started, the answer is not finished.</summary>
    private static byte[] Head(string recording, int events) => Encoding.UTF8.GetBytes(string.Concat(
        Encoding.UTF8.GetString(Fixtures.Bytes(recording)).Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Take(events).Select(e => e + "\n\n")));

    [Fact]
    public async Task A_chat_stream_that_stalls_after_its_first_chunk_ends_with_a_typed_exception()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(ChatRecording, 3)) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, streamIdleTimeout: ShortIdle);

        (List<ChatResponseUpdate> received, Exception? failure) = await ReadWithinBoundAsync(client);

        Assert.NotEmpty(received);
        ChatProviderException error = Assert.IsType<ChatProviderException>(failure);
        Assert.Equal("test", error.Provider);
        Assert.Null(error.StatusCode);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("went silent for 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("test-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stall_after_the_headers_is_bounded_by_the_idle_limit_when_only_a_timeout_is_set()
    {
        // Timeout bounds the headers only; the idle limit is what ends a stream that stalls after them.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(ChatRecording, 3)) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, timeout: TimeSpan.FromSeconds(30), streamIdleTimeout: ShortIdle);

        (_, Exception? failure) = await ReadWithinBoundAsync(client);

        Assert.IsType<TimeoutException>(Assert.IsType<ChatProviderException>(failure).InnerException);
    }

    [Fact]
    public void Without_settings_a_stream_may_be_silent_for_60_s_and_an_answer_16_MiB()
    {
        var configuration = new ChatModelConfiguration { Provider = new ProviderInfo { Name = "test", EnvironmentPrefix = "TEST" }, Model = "m" };

        Assert.Equal(TimeSpan.FromSeconds(60), AnswerLimits.StreamIdleTimeout(configuration));
        Assert.Equal(16 * 1024 * 1024, AnswerLimits.MaxResponseBytes(configuration));
    }

    [Fact]
    public async Task A_responses_api_stream_that_stalls_after_its_first_event_ends_with_a_typed_exception()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(ResponsesRecording, 4)) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: new ChatModelSettings { UseResponsesApi = true }, streamIdleTimeout: ShortIdle);

        (_, Exception? failure) = await ReadWithinBoundAsync(client);

        ChatProviderException error = Assert.IsType<ChatProviderException>(failure);
        Assert.Null(error.StatusCode);
        Assert.Contains("went silent for 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_keeps_sending_is_never_cut_by_the_idle_timeout()
    {
        // Every event arrives well within the limit, so the answer completes however long it takes as a whole.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ChatRecording));
        using OpenAICompatibleChatClient client = TestClients.Create(server, streamIdleTimeout: ShortIdle);

        (List<ChatResponseUpdate> received, Exception? failure) = await ReadWithinBoundAsync(client);

        Assert.Null(failure);
        Assert.Equal(ChatFinishReason.Stop, received.Select(u => u.FinishReason).Last(r => r is not null));
    }

    [Fact]
    public async Task Cancelling_a_stalled_stream_is_a_cancellation_not_an_idle_failure()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", Head(ChatRecording, 3)) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, streamIdleTimeout: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource();

        Task reading = Task.Run(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("hi"), cancellationToken: cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(NoHang)));
        OperationCanceledException canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal(cancellation.Token, canceled.CancellationToken);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_fails_before_it_is_read()
    {
        // The server declares a body far larger than the limit and then sends only a part of it: reading it would hang.
        byte[] whole = Fixtures.Bytes(CompletionRecording);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(new ServerReply(200, "application/json", whole[..100])
        {
            Headers = new Dictionary<string, string> { ["Content-Length"] = (10 * 1024 * 1024).ToString(CultureInfo.InvariantCulture) },
            HangAfterBody = true,
        });
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxResponseBytes: 64 * 1024, timeout: TimeSpan.FromSeconds(30));

        Task<ChatResponse> call = client.GetResponseAsync(TestClients.Ask("hi"));

        Assert.Same(call, await Task.WhenAny(call, Task.Delay(NoHang)));
        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => call);
        Assert.Null(error.StatusCode);
        Assert.Contains("larger than 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_length_fails_as_soon_as_it_passes_the_limit()
    {
        // Chunked, no Content-Length: the limit is reached while the server is still "sending", so the client must not
        // wait for the rest.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "application/json", Encoding.UTF8.GetBytes("{\"choices\":[{\"message\":{\"content\":\"" + new string('x', 200_000))) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxResponseBytes: 64 * 1024, timeout: TimeSpan.FromSeconds(30));

        Task<ChatResponse> call = client.GetResponseAsync(TestClients.Ask("hi"));

        Assert.Same(call, await Task.WhenAny(call, Task.Delay(NoHang)));
        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => call);
        Assert.Null(error.StatusCode);
        Assert.Contains("a body larger than 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read()
    {
        byte[] whole = Fixtures.Bytes(CompletionRecording);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(CompletionRecording));
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxResponseBytes: whole.Length);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"));

        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task One_stream_event_larger_than_the_limit_fails_without_being_buffered_whole()
    {
        // One data line that never ends: the size limit must end it, long before the (long) idle limit would.
        byte[] head = Head(ChatRecording, 2);
        byte[] huge = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"" + new string('x', 300_000));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "text/event-stream", [.. head, .. huge]) { HangAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxResponseBytes: 64 * 1024, streamIdleTimeout: TimeSpan.FromSeconds(30));

        (_, Exception? failure) = await ReadWithinBoundAsync(client);

        ChatProviderException error = Assert.IsType<ChatProviderException>(failure);
        Assert.Null(error.StatusCode);
        Assert.Contains("a stream event larger than 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_stream_of_small_events_is_not_limited_as_a_whole()
    {
        // The recording is larger than the limit, but no single event is: the limit is per event, not per stream.
        byte[] recording = Fixtures.Bytes(ChatRecording);
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(ChatRecording));
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxResponseBytes: 1024);
        Assert.True(recording.Length > 1024);

        (List<ChatResponseUpdate> received, Exception? failure) = await ReadWithinBoundAsync(client);

        Assert.Null(failure);
        Assert.NotEmpty(received);
    }

    [Fact]
    public async Task An_oversized_answer_is_a_route_failure_that_falls_back()
    {
        await using LoopbackProviderServer huge = await LoopbackProviderServer.StartAsync(
            new ServerReply(200, "application/json", Encoding.UTF8.GetBytes(new string(' ', 100_000) + "{}")));
        await using LoopbackProviderServer healthy = await LoopbackProviderServer.StartAsync(Fixtures.Reply(CompletionRecording));
        using var routed = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "huge", Client = TestClients.Create(huge, maxResponseBytes: 64 * 1024), Weight = 1 },
                new ChatRoute { Name = "healthy", Client = TestClients.Create(healthy), Weight = 0 },
            ],
            Offload = false,
        });

        ChatResponse response = await routed.GetResponseAsync(TestClients.Ask("hi"));

        Assert.NotEmpty(response.Text);
        Assert.Single(healthy.Requests);
    }

    private static async Task<(List<ChatResponseUpdate> Received, Exception? Failure)> ReadWithinBoundAsync(IChatClient client)
    {
        var received = new List<ChatResponseUpdate>();
        Task reading = Task.Run(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("hi")))
            {
                received.Add(update);
            }
        });

        Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(NoHang)));
        try
        {
            await reading;
            return (received, null);
        }
        catch (Exception exception)
        {
            return (received, exception);
        }
    }
}

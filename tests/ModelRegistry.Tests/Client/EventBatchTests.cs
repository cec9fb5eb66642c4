using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// A stream passed through as bytes moves in batches (<see cref="ChatCompletionBatch"/>): the chunks one network read
/// carried come together, a pause of the upstream starts a new batch, a failure comes after the chunks sent before it, and
/// a caller that gives up while the next read waits ends that read at once.
/// </summary>
public sealed class EventBatchTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Hi")];

    private static string Chunk(string delta, string? finish = null) => StreamChunks.Chunk("upstream-model", delta, finish);

    private static byte[] Events(params string[] data) => StreamChunks.Events(data);

    [Fact]
    public async Task Chunks_sent_together_come_in_one_batch_and_a_pause_of_the_upstream_starts_the_next()
    {
        string[] first = [Chunk("""{"role":"assistant","content":""}"""), Chunk("""{"content":"Hel"}"""), Chunk("""{"content":"lo"}""")];
        string[] second = [Chunk("""{"content":" wor"}"""), Chunk("""{"content":"ld"}""")];
        string finish = Chunk("{}", "stop");
        const string usage = """{"id":"c1","object":"chat.completion.chunk","created":7,"model":"upstream-model","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}}""";
        var reply = new ServerReply(200, "text/event-stream", Events(first))
        {
            PiecesAfterBody = [Events(second), Events(finish, usage, "[DONE]")],
            PauseBeforePiece = TimeSpan.FromMilliseconds(300),
        };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(reply);
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        var seen = new List<string[]>();
        var batches = new List<ChatCompletionBatch>();
        await foreach (ChatCompletionBatch batch in ((IChatEventStreamClient)client).StreamEventsAsync(Question, null, CancellationToken.None))
        {
            // Read before the stream moves on: past the first content, that is as long as a batch's bytes are valid.
            seen.Add([.. Texts(batch)]);
            batches.Add(batch);
        }

        Assert.Equal([first, second, [finish]], seen);
        Assert.Equal([true, true, true], batches.Select(b => b.HasContent));
        Assert.Equal([5L, 6L, 0L], batches.Select(b => b.OutputCharacters));
        Assert.Equal([false, false, true], batches.Select(b => b.End is not null));
        Assert.Equal(9, batches[^1].End!.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task A_failure_read_with_chunks_comes_after_their_batch()
    {
        string[] opening = [Chunk("""{"role":"assistant","content":""}"""), Chunk("""{"content":"Hel"}""")];
        byte[] body = [.. Events(opening), .. "event: error\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n"u8];
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(new ServerReply(200, "text/event-stream", body));
        using OpenAICompatibleChatClient client = TestClients.Create(server);
        await using IAsyncEnumerator<ChatCompletionBatch> stream =
            ((IChatEventStreamClient)client).StreamEventsAsync(Question, null, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(opening, Texts(stream.Current));
        ChatProviderException failure = await Assert.ThrowsAsync<ChatProviderException>(async () => await stream.MoveNextAsync());
        Assert.Contains("overloaded", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_the_next_read_waits_ends_that_read_at_once()
    {
        string[] opening = [Chunk("""{"role":"assistant","content":""}"""), Chunk("""{"content":"Hel"}""")];
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.StalledAfterHeaders("text/event-stream", Events(opening)));
        using OpenAICompatibleChatClient client = TestClients.Create(server, streamIdleTimeout: TimeSpan.FromSeconds(60));
        IAsyncEnumerator<ChatCompletionBatch> stream =
            ((IChatEventStreamClient)client).StreamEventsAsync(Question, null, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(opening, Texts(stream.Current));
        // The next read is in flight, waiting on an upstream that sends nothing more: giving up ends it, without waiting
        // for the stream idle timeout.
        var clock = Stopwatch.StartNew();
        await stream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"disposed in {clock.Elapsed}");
    }

    private static string[] Texts(ChatCompletionBatch batch)
    {
        var texts = new string[batch.Events.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = Encoding.UTF8.GetString(batch.Events[i].Chunk.Span);
        }

        return texts;
    }
}

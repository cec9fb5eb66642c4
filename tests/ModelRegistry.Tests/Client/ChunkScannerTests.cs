using System.Text;
using System.Text.Json;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Tests.Client;

/// <summary>The pass-through's reading of one chunk's bytes: what it takes out or renames, and where <c>model</c> is after.</summary>
public sealed class ChunkScannerTests
{
    private static readonly ChatModelConfiguration Configuration = new() { Provider = new ProviderInfo { Name = "test", EnvironmentPrefix = "TEST" }, Model = "m" };

    [Theory]
    [InlineData("""{"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}], "usage" : {"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""")]
    [InlineData("""{"id":"x","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}""")]
    public void Usage_is_taken_out_wherever_it_is_and_counted_once(string chunk)
    {
        var state = new ChatCompletionState(Configuration, null);

        ChatCompletionEvent scanned = Assert.NotNull(ChatCompletionChunkScanner.Scan(Encoding.UTF8.GetBytes(chunk), state));

        JsonElement forwarded = JsonDocument.Parse(scanned.Chunk).RootElement;
        Assert.False(forwarded.TryGetProperty("usage", out _));
        Assert.Equal("hi", forwarded.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal("\"m\"", Model(scanned));
        Assert.True(scanned.HasContent);
        Assert.Equal(2, scanned.OutputCharacters);
        Assert.Equal(3, state.TakeUsage()?.TotalTokenCount);
        Assert.True(state.SawFinishReason);
    }

    [Fact]
    public void A_null_usage_goes_too_and_model_moves_with_what_was_cut()
    {
        var state = new ChatCompletionState(Configuration, null);

        ChatCompletionEvent scanned = Assert.NotNull(ChatCompletionChunkScanner.Scan(
            """{"id":"x","usage":null,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"a"}}]}"""u8, state));

        Assert.Equal("""{"id":"x","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"a"}}]}""", Encoding.UTF8.GetString(scanned.Chunk.Span));
        Assert.Equal("\"gpt-4o\"", Model(scanned));
        Assert.Null(state.TakeUsage());
    }

    [Fact]
    public void A_batch_before_the_first_content_is_its_own_and_every_later_batch_shares_the_stream_s_buffer()
    {
        var state = new ChatCompletionState(Configuration, null);
        var batches = new ChatCompletionBatchBuilder();
        byte[][] stream =
        [
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hello"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":" there"}}]}"""u8.ToArray(),
            """{"id":"x","usage":null,"model":"m","choices":[{"index":0,"delta":{"reasoning":"so"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""u8.ToArray(),
        ];

        // Three batches: the role alone, then the first content with one more chunk, then the last two.
        ChatCompletionBatch[] built = new ChatCompletionBatch[3];
        ChatCompletionEvent[][] events = new ChatCompletionEvent[3][];
        int next = 0;
        foreach ((int batch, int count) in new[] { (0, 1), (1, 2), (2, 2) })
        {
            for (int i = 0; i < count; i++)
            {
                batches.Add(Assert.NotNull(ChatCompletionChunkScanner.Scan(stream[next++], state, batches.Chunks)));
            }

            built[batch] = batches.Build(end: null, warnings: null);
            events[batch] = built[batch].Events.ToArray();
            // The bytes hold until the stream moves on (the next batch is scanned).
            Assert.Equal(stream[next - 1], events[batch][^1].Chunk.ToArray());
        }

        // The role-only batch, which the routing attempt loop holds while the stream reads on, kept its bytes.
        Assert.False(built[0].HasContent);
        Assert.Equal(stream[0], events[0][0].Chunk.ToArray());
        Assert.True(built[1].HasContent);
        // The batches from the first content on are side by side in one buffer, each batch from its start.
        Assert.Same(Array(events[1][0]), Array(events[1][1]));
        Assert.Same(Array(events[1][0]), Array(events[2][0]));
        Assert.NotSame(Array(events[0][0]), Array(events[1][0]));
        Assert.Equal(0, Offset(events[1][0]));
        Assert.Equal(0, Offset(events[2][0]));
        Assert.True(Offset(events[2][1]) >= events[2][0].Chunk.Length);
        Assert.Contains("reasoning_content", Encoding.UTF8.GetString(events[2][0].Chunk.Span), StringComparison.Ordinal);
        Assert.Equal(stream[4], events[2][1].Chunk.ToArray());
        Assert.Equal("\"m\"", Model(events[2][1]));
        batches.Chunks.Return();
    }

    [Fact]
    public void A_chunk_that_does_not_fit_the_shared_buffer_starts_a_larger_one_and_the_batch_s_earlier_chunks_keep_theirs()
    {
        var state = new ChatCompletionState(Configuration, null);
        var chunks = new ChunkBytes();
        byte[] small = """{"model":"m","choices":[{"index":0,"delta":{"content":"b"}}]}"""u8.ToArray();
        byte[] large = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('c', 5000) + "\"}}]}");

        ChatCompletionEvent first = Assert.NotNull(ChatCompletionChunkScanner.Scan(small, state, chunks));
        ChatCompletionEvent second = Assert.NotNull(ChatCompletionChunkScanner.Scan(large, state, chunks));

        Assert.NotSame(Array(first), Array(second));
        Assert.Equal(small, first.Chunk.ToArray());
        Assert.Equal(large, second.Chunk.ToArray());
        chunks.HandOn();
        ChatCompletionEvent next = Assert.NotNull(ChatCompletionChunkScanner.Scan(small, state, chunks));
        Assert.Same(Array(second), Array(next));
        Assert.Equal(0, Offset(next));
        chunks.Return();
    }

    private static int Offset(ChatCompletionEvent scanned) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(scanned.Chunk, out ArraySegment<byte> segment) ? segment.Offset : throw new InvalidOperationException("not an array");

    private static byte[] Array(ChatCompletionEvent scanned) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(scanned.Chunk, out ArraySegment<byte> segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    [Fact]
    public void A_usage_only_chunk_is_dropped()
    {
        var state = new ChatCompletionState(Configuration, null);

        Assert.Null(ChatCompletionChunkScanner.Scan(
            """{"id":"x","model":"m","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}}"""u8, state));
        Assert.Equal(9, state.TakeUsage()?.TotalTokenCount);
    }

    [Theory]
    [InlineData("""{"model":"m","choices":[{"index":0,"delta":{"reasoning":"think"}}]}""", "think")]
    [InlineData("""{"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"deep","reasoning":"deep"}}]}""", "deep")]
    [InlineData("""{"model":"m","choices":[{"index":0,"delta":{"reasoning_content":null,"reasoning":"late","content":""}}]}""", "late")]
    public void Reasoning_is_forwarded_once_as_reasoning_content(string chunk, string reasoning)
    {
        ChatCompletionEvent scanned = Assert.NotNull(ChatCompletionChunkScanner.Scan(Encoding.UTF8.GetBytes(chunk), new ChatCompletionState(Configuration, null)));

        JsonElement delta = JsonDocument.Parse(scanned.Chunk).RootElement.GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal(reasoning, delta.GetProperty("reasoning_content").GetString());
        Assert.False(delta.TryGetProperty("reasoning", out _));
        Assert.True(scanned.HasContent);
        Assert.Equal("\"m\"", Model(scanned));
    }

    [Fact]
    public void A_role_only_chunk_has_no_content_and_an_error_object_throws()
    {
        var state = new ChatCompletionState(Configuration, null);

        ChatCompletionEvent opening = Assert.NotNull(ChatCompletionChunkScanner.Scan(
            """{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":null}}]}"""u8, state));

        Assert.False(opening.HasContent);
        Assert.Throws<ChatProviderException>(() => ChatCompletionChunkScanner.Scan("""{"error":{"message":"overloaded","code":502}}"""u8, state));
    }

    private static string Model(ChatCompletionEvent scanned) =>
        Encoding.UTF8.GetString(scanned.Chunk.Span.Slice(scanned.ModelStart, scanned.ModelLength));
}

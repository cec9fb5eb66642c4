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
    public void A_stream_s_chunks_have_arrays_of_their_own_until_its_first_batch_with_content_then_share_one_per_batch()
    {
        var state = new ChatCompletionState(Configuration, null);
        var chunks = new ChunkBytes();
        byte[][] stream =
        [
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hello"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":" there"}}]}"""u8.ToArray(),
            """{"id":"x","usage":null,"model":"m","choices":[{"index":0,"delta":{"reasoning":"so"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"!"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""u8.ToArray(),
        ];

        // Three batches: the opening (with the first content and one more chunk), two chunks, then the last one.
        ChatCompletionEvent[] scanned = new ChatCompletionEvent[stream.Length];
        foreach ((int from, int to) in new[] { (0, 3), (3, 5), (5, 6) })
        {
            Assert.Equal(from > 0, chunks.Shared);
            for (int i = from; i < to; i++)
            {
                scanned[i] = Assert.NotNull(ChatCompletionChunkScanner.Scan(stream[i], state, chunks));
            }

            if (to == 5)
            {
                // The second batch's chunks share one array, side by side, each with its own bytes while the batch lasts.
                Assert.Same(Array(scanned[3]), Array(scanned[4]));
                Assert.Equal(stream[4], scanned[4].Chunk.ToArray());
                Assert.Contains("reasoning_content", Encoding.UTF8.GetString(scanned[3].Chunk.Span), StringComparison.Ordinal);
            }

            chunks.StartBatch();
        }

        // The opening batch, which the routing attempt loop may hold, keeps its bytes: every chunk of it has its own array.
        Assert.False(scanned[0].HasContent);
        Assert.True(scanned[1].HasContent);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(stream[i], scanned[i].Chunk.ToArray());
        }

        Assert.NotSame(Array(scanned[0]), Array(scanned[1]));
        Assert.NotSame(Array(scanned[1]), Array(scanned[2]));
        Assert.NotSame(Array(scanned[2]), Array(scanned[3]));
        // The next batch starts over at the start of the same array: the last one read holds the last chunk's bytes.
        Assert.Same(Array(scanned[3]), Array(scanned[5]));
        Assert.Equal(0, Offset(scanned[5]));
        Assert.Equal(0, Offset(scanned[3]));
        Assert.Equal(stream[5], scanned[5].Chunk.ToArray());
        Assert.Equal("\"m\"", Model(scanned[5]));
    }

    [Fact]
    public void A_chunk_that_does_not_fit_the_shared_array_starts_a_larger_one_and_the_batch_s_earlier_chunks_keep_theirs()
    {
        var state = new ChatCompletionState(Configuration, null);
        var chunks = new ChunkBytes();
        Assert.NotNull(ChatCompletionChunkScanner.Scan("""{"model":"m","choices":[{"index":0,"delta":{"content":"a"}}]}"""u8, state, chunks));
        chunks.StartBatch();
        byte[] small = """{"model":"m","choices":[{"index":0,"delta":{"content":"b"}}]}"""u8.ToArray();
        byte[] large = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('c', 5000) + "\"}}]}");

        ChatCompletionEvent first = Assert.NotNull(ChatCompletionChunkScanner.Scan(small, state, chunks));
        ChatCompletionEvent second = Assert.NotNull(ChatCompletionChunkScanner.Scan(large, state, chunks));

        Assert.NotSame(Array(first), Array(second));
        Assert.Equal(small, first.Chunk.ToArray());
        Assert.Equal(large, second.Chunk.ToArray());
        chunks.StartBatch();
        ChatCompletionEvent next = Assert.NotNull(ChatCompletionChunkScanner.Scan(small, state, chunks));
        Assert.Same(Array(second), Array(next));
        Assert.Equal(0, Offset(next));
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

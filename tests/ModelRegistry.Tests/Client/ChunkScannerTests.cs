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
    public void A_stream_s_chunks_have_arrays_of_their_own_until_its_first_content_then_share_one()
    {
        var state = new ChatCompletionState(Configuration, null);
        var chunks = new ChunkBytes();
        byte[][] stream =
        [
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hello"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":" there"}}]}"""u8.ToArray(),
            """{"id":"x","usage":null,"model":"m","choices":[{"index":0,"delta":{"reasoning":"so"}}]}"""u8.ToArray(),
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""u8.ToArray(),
        ];

        ChatCompletionEvent[] scanned = [.. stream.Select(chunk => Assert.NotNull(ChatCompletionChunkScanner.Scan(chunk, state, chunks)))];

        // The role chunk and the first content, which the routing attempt loop may hold, keep their bytes.
        Assert.False(scanned[0].HasContent);
        Assert.True(scanned[1].HasContent);
        Assert.Equal(stream[0], scanned[0].Chunk.ToArray());
        Assert.Equal(stream[1], scanned[1].Chunk.ToArray());
        Assert.NotSame(Array(scanned[0]), Array(scanned[1]));
        // Every later chunk is written into one array, the last one read holding the last chunk's bytes (edited or not).
        Assert.Same(Array(scanned[2]), Array(scanned[3]));
        Assert.Same(Array(scanned[3]), Array(scanned[4]));
        Assert.NotSame(Array(scanned[1]), Array(scanned[2]));
        Assert.Equal(stream[4], scanned[4].Chunk.ToArray());
        Assert.Equal("\"m\"", Model(scanned[4]));
    }

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

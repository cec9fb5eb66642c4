using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// The pass-through reads a chunk of the stream's learned shape by comparing bytes (<see cref="ChunkShape"/>): whatever
/// it reads so must be exactly what the full scan reads — the same bytes forwarded, the same <c>model</c> position, content,
/// characters, usage, ids and finish — over every recorded stream, and any chunk that differs from the shape outside its
/// text is scanned in full.
/// </summary>
public sealed class ChunkShapeTests
{
    private static readonly ChatModelConfiguration Configuration = new() { Provider = new ProviderInfo { Name = "test", EnvironmentPrefix = "TEST" }, Model = "m" };

    private const string Learned = """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":null,"obfuscation":"abc"}""";

    [Theory]
    [MemberData(nameof(RecordedDialectTests.Streams), MemberType = typeof(RecordedDialectTests))]
    public void A_recorded_stream_reads_the_same_with_its_shape_as_with_a_full_scan_of_every_chunk(string fixture)
    {
        var shaped = new ChatCompletionState(Configuration, null);
        var scanned = new ChatCompletionState(Configuration, null);
        var chunks = new ChunkBytes();
        int read = 0, byShape = 0;
        foreach (byte[] chunk in Chunks("chat-streaming/" + fixture))
        {
            byShape += shaped.ChunkShape?.TryRead(chunk, null, out _) == true ? 1 : 0;
            // The baseline never keeps a shape: every chunk of it is scanned.
            scanned.ChunkShape = null;
            (ChatCompletionEvent? Event, string? Failure) expected = Read(chunk, scanned, null);
            (ChatCompletionEvent? Event, string? Failure) actual = Read(chunk, shaped, chunks);
            AssertSame(expected, actual);
            read++;
        }

        Assert.True(read > 0);
        Assert.Equal(scanned.ResponseId, shaped.ResponseId);
        Assert.Equal(scanned.CreatedAt, shaped.CreatedAt);
        Assert.Equal(scanned.SawFinishReason, shaped.SawFinishReason);
        Assert.Equal(scanned.TakeUsage()?.TotalTokenCount, shaped.TakeUsage()?.TotalTokenCount);
        if (fixture is "openai-gpt-4o-mini-text-include-usage.sse" or "vllm-crusoe-llama-3.3-text-usage.sse")
        {
            // A plain text stream: every chunk after the second is of its shape, but the finish and the usage.
            Assert.Equal(read - 4, byShape);
        }
    }

    [Fact]
    public void A_chunk_of_the_learned_shape_is_read_by_its_bytes_with_the_same_edit()
    {
        var state = new ChatCompletionState(Configuration, null);
        ChatCompletionChunkScanner.Scan(Encoding.UTF8.GetBytes(Learned), state);
        byte[] next = Encoding.UTF8.GetBytes(Learned.Replace("\"a\"", "\" b\u00e9c\"").Replace("abc", "Zq9x0"));

        Assert.True(state.ChunkShape!.TryRead(next, null, out ChatCompletionEvent chunk));
        Assert.Equal("""{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":" béc"},"finish_reason":null}],"obfuscation":"Zq9x0"}""", Encoding.UTF8.GetString(chunk.Chunk.Span));
        Assert.Equal("\"m\"", Encoding.UTF8.GetString(chunk.Chunk.Span.Slice(chunk.ModelStart, chunk.ModelLength)));
        Assert.Equal(4, chunk.OutputCharacters);
        Assert.True(chunk.HasContent);
    }

    [Theory]
    [InlineData("\"content\":\"a\"", "\"content\":\"line\\nbreak\"")]
    [InlineData("\"content\":\"a\"", "\"content\":\"a\",\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]")]
    [InlineData("\"finish_reason\":null", "\"finish_reason\":\"stop\"")]
    [InlineData("\"usage\":null", "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}")]
    [InlineData("\"obfuscation\":\"abc\"", "\"obfuscation\":\"a\\\"c\"")]
    [InlineData("\"obfuscation\":\"abc\"}", "\"obfuscation\":\"abc\",\"error\":{\"message\":\"overloaded\"}}")]
    [InlineData("\"model\":\"m\"", "\"model\":\"other\"")]
    [InlineData("\"content\":\"a\"", "\"content\":\"a\",\"reasoning\":\"why\"")]
    public void A_chunk_that_differs_from_the_shape_outside_its_text_is_scanned_in_full(string learned, string differing)
    {
        byte[] chunk = Encoding.UTF8.GetBytes(Learned.Replace(learned, differing));
        var state = new ChatCompletionState(Configuration, null);
        ChatCompletionChunkScanner.Scan(Encoding.UTF8.GetBytes(Learned), state);

        Assert.False(state.ChunkShape!.TryRead(chunk, null, out _));
        AssertSame(Read(chunk, new ChatCompletionState(Configuration, null), null), Read(chunk, state, null));
    }

    [Fact]
    public void A_control_character_in_the_text_is_left_to_the_full_scan_which_rejects_it()
    {
        var state = new ChatCompletionState(Configuration, null);
        ChatCompletionChunkScanner.Scan(Encoding.UTF8.GetBytes(Learned), state);
        byte[] chunk = Encoding.UTF8.GetBytes(Learned.Replace("\"a\"", "\"a\u0001b\""));

        Assert.False(state.ChunkShape!.TryRead(chunk, null, out _));
        Assert.ThrowsAny<JsonException>(() => ChatCompletionChunkScanner.Scan(chunk, state));
    }

    [Fact]
    public void A_chunk_with_more_than_text_or_with_no_text_teaches_no_shape()
    {
        var state = new ChatCompletionState(Configuration, null);

        ChatCompletionChunkScanner.Scan("""{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"""u8, state);

        ChatCompletionChunkScanner.Scan(
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"usage":null}"""u8, state);
        ChatCompletionChunkScanner.Scan(
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a","reasoning":"b"}}]}"""u8, state);
        ChatCompletionChunkScanner.Scan("""{"usage":null,"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}]}"""u8, state);

        Assert.Null(state.ChunkShape);
    }

    private static (ChatCompletionEvent? Event, string? Failure) Read(byte[] chunk, ChatCompletionState state, ChunkBytes? into)
    {
        try
        {
            return (ChatCompletionChunkScanner.Scan(chunk, state, into), null);
        }
        catch (Exception exception) when (exception is JsonException or ChatProviderException)
        {
            return (null, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static void AssertSame((ChatCompletionEvent? Event, string? Failure) expected, (ChatCompletionEvent? Event, string? Failure) actual)
    {
        Assert.Equal(expected.Failure, actual.Failure);
        Assert.Equal(expected.Event is null, actual.Event is null);
        if (expected.Event is { } want && actual.Event is { } got)
        {
            Assert.Equal(Encoding.UTF8.GetString(want.Chunk.Span), Encoding.UTF8.GetString(got.Chunk.Span));
            Assert.Equal((want.ModelStart, want.ModelLength, want.HasContent, want.OutputCharacters), (got.ModelStart, got.ModelLength, got.HasContent, got.OutputCharacters));
        }
    }

    /// <summary>The data of every event of a recorded stream, but <c>[DONE]</c>.</summary>
    private static List<byte[]> Chunks(string path)
    {
        using var stream = new MemoryStream(Fixtures.Bytes(path));
        return [.. SseParser.Create(stream).Enumerate().Select(item => item.Data).Where(data => data != "[DONE]").Select(Encoding.UTF8.GetBytes)];
    }
}

using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// One event of a chat-completions stream passed through as bytes (<see cref="IChatEventStreamClient"/>): the
/// <c>chat.completion.chunk</c> JSON to forward — as the upstream sent it, except that <c>usage</c> is taken out (it comes
/// in <see cref="End"/>, to be accounted) and reasoning is named <c>reasoning_content</c> — with where its <c>model</c>
/// value is, and what the stream needs to know of it. The last event of a stream has no chunk, only <see cref="End"/>.
/// </summary>
/// <param name="Chunk">The chunk's JSON (no <c>data:</c> prefix); empty on the end event. Past the stream's first chunk with
/// content, these bytes are valid only until the stream moves to its next event: forward or copy them before
/// (<see cref="Protocol.ChatCompletions.ChunkBytes"/>).</param>
/// <param name="ModelStart">Where the <c>model</c> value (a JSON string, quotes included) starts in <paramref name="Chunk"/>, or -1.</param>
/// <param name="ModelLength">The length of that value, quotes included.</param>
/// <param name="HasContent">Whether the chunk carries some of the answer (text, reasoning, a tool call, a finish reason): the
/// first such chunk commits the stream to its route.</param>
/// <param name="OutputCharacters">The characters of answer it carries, for a usage estimate when the upstream reports none.</param>
internal readonly record struct ChatCompletionEvent(ReadOnlyMemory<byte> Chunk, int ModelStart, int ModelLength, bool HasContent, long OutputCharacters)
{
    /// <summary>The end of the stream (on the last event only): its usage, and what accounting made of it.</summary>
    public ChatStreamEnd? End { get; init; }

    /// <summary>The warnings of the call (what the compatibility rules changed), on the first event only.</summary>
    public JsonElement? Warnings { get; init; }

    /// <summary>The last event of a stream.</summary>
    public static ChatCompletionEvent Ending(ChatStreamEnd end) => new(ReadOnlyMemory<byte>.Empty, -1, 0, false, 0) { End = end };
}

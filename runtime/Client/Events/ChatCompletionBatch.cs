using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// The unit a stream passed through as bytes moves in (<see cref="IChatEventStreamClient"/>): every chunk the upstream had
/// already sent when the stream was read — those parsed without waiting on the network. A network read nearly always
/// carries several chunks, so every layer above the reader (accounting, routing, the gateway's loop) runs once per read
/// instead of once per chunk, and the gateway writes the batch's chunks and flushes once.
/// </summary>
/// <remarks>
/// A batch with no content before the stream's first content is its own (its events and their bytes): the routing attempt
/// loop holds it while the stream reads on to that content, and may drop it for another route. Every other batch, the
/// first with content included, is valid only until the stream moves on: its events and bytes live in buffers the next
/// batch reuses (<see cref="Protocol.ChatCompletions.ChunkBytes"/>); by then the loop has passed it on. The last batch carries the stream's <see cref="End"/>, and
/// may hold no chunk.
/// </remarks>
internal readonly struct ChatCompletionBatch
{
    private readonly ChatCompletionEvent[]? _events;
    private readonly int _count;

    /// <param name="events">The batch's chunks: the first <paramref name="count"/> of this array.</param>
    /// <param name="count">How many.</param>
    /// <param name="end">The end of the stream, on its last batch.</param>
    /// <param name="warnings">The call's warnings, on its first batch.</param>
    public ChatCompletionBatch(ChatCompletionEvent[] events, int count, ChatStreamEnd? end, JsonElement? warnings)
    {
        _events = events;
        _count = count;
        End = end;
        Warnings = warnings;
        foreach (ChatCompletionEvent chunk in Events)
        {
            HasContent |= chunk.HasContent;
            OutputCharacters += chunk.OutputCharacters;
        }
    }

    /// <summary>The chunks to forward, in the order the upstream sent them.</summary>
    public ReadOnlySpan<ChatCompletionEvent> Events => _events.AsSpan(0, _count);

    /// <summary>Whether a chunk carries some of the answer: the first such batch commits the stream to its route.</summary>
    public bool HasContent { get; }

    /// <summary>The characters of answer the chunks carry, for a usage estimate when the upstream reports none.</summary>
    public long OutputCharacters { get; }

    /// <summary>The end of the stream (on the last batch only): its usage, and what accounting made of it.</summary>
    public ChatStreamEnd? End { get; }

    /// <summary>The warnings of the call (what the compatibility rules changed), on the first batch only.</summary>
    public JsonElement? Warnings { get; }
}

using System.Buffers;
using System.Text.Json;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Gathers a stream's chunks into batches (<see cref="ChatCompletionBatch"/>). A batch with no content before the stream's
/// first content is its own — its events and their bytes copied out of the stream's buffers when it is built — because
/// the routing attempt loop holds it while the stream reads on to that content (and may drop it for another route). Every
/// other batch, the first with content included, is handed on in the stream's buffers (<see cref="ChunkBytes"/>) and is
/// valid until the stream moves on: by then the loop has passed it on. The events array the handed-on batches share is
/// rented for the stream and given back when it ends (<see cref="Return"/>), like the chunks' bytes.
/// </summary>
internal sealed class ChatCompletionBatchBuilder
{
    private ChatCompletionEvent[] _events = ArrayPool<ChatCompletionEvent>.Shared.Rent(16);
    private int _count;
    private bool _committed;

    /// <summary>Where the chunks' bytes are copied as they are scanned.</summary>
    public ChunkBytes Chunks { get; } = new();

    /// <summary>How many chunks the batch holds so far.</summary>
    public int Count => _count;

    public void Add(ChatCompletionEvent chunk)
    {
        if (_count == _events.Length)
        {
            // Not yet handed on: the batch may move to a larger array (a batch handed on before was passed on already).
            ChatCompletionEvent[] larger = ArrayPool<ChatCompletionEvent>.Shared.Rent(_count * 2);
            _events.AsSpan(0, _count).CopyTo(larger);
            GiveBack(_events);
            _events = larger;
        }

        _events[_count++] = chunk;
    }

    /// <summary>The batch gathered so far, with the stream's <paramref name="end"/> or the call's <paramref name="warnings"/>
    /// when it is the last or the first; the next batch starts empty.</summary>
    public ChatCompletionBatch Build(ChatStreamEnd? end, JsonElement? warnings)
    {
        var batch = new ChatCompletionBatch(_events, _count, end, warnings);
        _committed |= batch.HasContent;
        if (!_committed)
        {
            var own = new ChatCompletionEvent[_count];
            for (int i = 0; i < _count; i++)
            {
                own[i] = _events[i] with { Chunk = _events[i].Chunk.ToArray() };
            }

            batch = new ChatCompletionBatch(own, _count, end, warnings);
        }

        _count = 0;
        Chunks.HandOn();
        return batch;
    }

    /// <summary>Gives the stream's buffers back (the events array and the chunks' bytes): the stream ended, and nothing
    /// reads its batches any more.</summary>
    public void Return()
    {
        Chunks.Return();
        GiveBack(_events);
        _events = [];
    }

    /// <summary>Cleared on the way back: the events point into the stream's byte buffers, which the pool must not keep alive.</summary>
    private static void GiveBack(ChatCompletionEvent[] events)
    {
        if (events.Length > 0)
        {
            ArrayPool<ChatCompletionEvent>.Shared.Return(events, clearArray: true);
        }
    }
}

using System.Text.Json;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Gathers a stream's chunks into batches (<see cref="ChatCompletionBatch"/>). A batch with no content before the stream's
/// first content is its own — its events and their bytes copied out of the stream's buffers when it is built — because
/// the routing attempt loop holds it while the stream reads on to that content (and may drop it for another route). Every
/// other batch, the first with content included, is handed on in the stream's buffers (<see cref="ChunkBytes"/>) and is
/// valid until the stream moves on: by then the loop has passed it on.
/// </summary>
internal sealed class ChatCompletionBatchBuilder
{
    private ChatCompletionEvent[] _events = new ChatCompletionEvent[16];
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
            // Not yet handed on: the batch may move to a larger array.
            Array.Resize(ref _events, _count * 2);
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
}

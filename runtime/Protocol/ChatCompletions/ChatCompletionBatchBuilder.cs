using System.Text.Json;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Gathers a stream's chunks into batches (<see cref="ChatCompletionBatch"/>) under the rules of <see cref="ChunkBytes"/>:
/// a batch up to and including the first with content gets an events array of its own, as its chunks get their own bytes;
/// every later batch is built in one events array of the stream, as its bytes are in one buffer, valid until the next
/// batch.
/// </summary>
internal sealed class ChatCompletionBatchBuilder
{
    private ChatCompletionEvent[] _events = new ChatCompletionEvent[8];
    private int _count;

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
        // A batch the routing attempt loop may hold keeps its events; a committed stream's reuse one array.
        ChatCompletionEvent[] events = Chunks.Shared ? _events : _events.AsSpan(0, _count).ToArray();
        var batch = new ChatCompletionBatch(events, _count, end, warnings);
        _count = 0;
        Chunks.StartBatch();
        return batch;
    }
}

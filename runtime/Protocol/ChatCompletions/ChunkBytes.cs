namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Where a streamed answer's chunks are copied as they are scanned (<see cref="ChatCompletionChunkScanner"/>), batch by
/// batch (<see cref="ChatCompletionBatch"/>). Up to and including the first batch with content, each chunk gets an array of
/// its own: the routing attempt loop holds those batches until that content commits the stream to its route
/// (<c>StreamOpener</c>), and may still drop them for another route. After it, a batch is forwarded before the next one is
/// read, so every later batch is appended into one buffer of the stream, from its start again at each batch: its bytes are
/// valid only until the stream moves on (the contract of <see cref="ChatCompletionEvent.Chunk"/>). A chunk that does not
/// fit starts a larger buffer; the batch's earlier chunks keep the old one. The buffer is the stream's own, not pooled, so
/// a reader that broke that rule could only ever see its own stream's bytes.
/// </summary>
internal sealed class ChunkBytes
{
    private byte[]? _shared;
    private int _position;
    private bool _batchHasContent;

    /// <summary>Whether the current batch's chunks are in the stream's shared buffer (the stream is committed), rather
    /// than in arrays of their own.</summary>
    public bool Shared { get; private set; }

    /// <summary>Room for a chunk of up to <paramref name="length"/> bytes. A chunk with content commits the stream from
    /// the next batch on (<see cref="StartBatch"/>).</summary>
    public Memory<byte> Take(int length, bool hasContent)
    {
        if (!Shared)
        {
            _batchHasContent |= hasContent;
            return new byte[length];
        }

        if (_shared is null || _shared.Length - _position < length)
        {
            // A batch holds chunks of much the same size: room for twice what did not fit, so the next batch of that
            // size fits whole.
            _shared = new byte[Math.Max((_position + length) * 2, 512)];
            _position = 0;
        }

        Memory<byte> room = _shared.AsMemory(_position, length);
        _position += length;
        return room;
    }

    /// <summary>The previous batch was handed on and the stream moved past it: its bytes may be written over, unless it
    /// was (or came before) the first batch with content.</summary>
    public void StartBatch()
    {
        Shared |= _batchHasContent;
        _position = 0;
    }
}

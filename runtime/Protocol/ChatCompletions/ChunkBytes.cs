namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Where a streamed answer's chunks are copied as they are scanned (<see cref="ChatCompletionChunkScanner"/>). Up to and
/// including the first chunk with content, each chunk gets an array of its own: the routing attempt loop holds those
/// until that chunk commits the stream to its route (<c>StreamOpener</c>), and may still drop them for another route.
/// After it, a chunk is forwarded before the next one is read, so every later chunk reuses one array of the stream: its
/// bytes are valid only until the stream moves on (the contract of <see cref="ChatCompletionEvent.Chunk"/>). The array is
/// the stream's own, not pooled, so a reader that broke that rule could only ever see its own stream's bytes.
/// </summary>
internal sealed class ChunkBytes
{
    private byte[]? _shared;
    private bool _committed;

    /// <summary>Room for a chunk of up to <paramref name="length"/> bytes. A chunk with content commits the stream: the
    /// chunks after it share one array.</summary>
    public Memory<byte> Take(int length, bool hasContent)
    {
        if (!_committed)
        {
            _committed = hasContent;
            return new byte[length];
        }

        if (_shared is null || _shared.Length < length)
        {
            // Chunks of one stream are of much the same size: room for twice the largest so far.
            _shared = new byte[Math.Max(length * 2, 512)];
        }

        return _shared.AsMemory(0, length);
    }
}

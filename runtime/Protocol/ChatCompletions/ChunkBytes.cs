using System.Buffers;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Where a streamed answer's chunks are copied as they are scanned (<see cref="ChatCompletionChunkScanner"/>), batch by
/// batch (<see cref="ChatCompletionBatch"/>). Up to and including the first batch with content, each chunk gets an array of
/// its own: the routing attempt loop holds those batches until that content commits the stream to its route
/// (<c>StreamOpener</c>), and may still drop them for another route. After it, a batch is forwarded before the next one is
/// read, so every later batch is appended into one buffer of the stream, from its start again at each batch: its bytes are
/// valid only until the stream moves on (the contract of <see cref="ChatCompletionEvent.Chunk"/>).
/// </summary>
/// <remarks>The buffer is rented (<see cref="ArrayPool{T}.Shared"/>): a batch holds every chunk one network read carried,
/// often a whole answer, and a buffer of that size allocated per stream would cost more than the chunks' own arrays did.
/// A chunk that does not fit starts a larger buffer; the batch's earlier chunks keep the old one, given back once the
/// stream moved past that batch. <see cref="Return"/> gives everything back when the stream ends: the reader calls it only
/// after its caller moved past the last batch, or gave the stream up.</remarks>
internal sealed class ChunkBytes
{
    private const int BufferLength = 4096;

    private byte[]? _shared;
    private List<byte[]>? _outgrown;
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
            // Room for twice what did not fit, so that the next batch of that size fits whole.
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max((_position + length) * 2, BufferLength));
            if (_shared is not null)
            {
                // The batch's earlier chunks are in it until the stream moves on.
                (_outgrown ??= []).Add(_shared);
            }

            _shared = larger;
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
        GiveOutgrown();
    }

    /// <summary>Gives the buffers back: the stream ended, and nothing reads its chunks any more.</summary>
    public void Return()
    {
        GiveOutgrown();
        if (_shared is not null)
        {
            ArrayPool<byte>.Shared.Return(_shared);
            _shared = null;
        }
    }

    private void GiveOutgrown()
    {
        if (_outgrown is { Count: > 0 })
        {
            foreach (byte[] buffer in _outgrown)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _outgrown.Clear();
        }
    }
}

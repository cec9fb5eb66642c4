using System.Buffers;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Where a streamed answer's chunks are copied as they are scanned (<see cref="ChatCompletionChunkScanner"/>), batch by
/// batch (<see cref="ChatCompletionBatch"/>): side by side in one buffer of the stream, from its start again at each
/// batch, so that a chunk's bytes are valid only until the stream moves past its batch (the contract of
/// <see cref="ChatCompletionEvent.Chunk"/>). The batches the routing attempt loop holds while the stream reads on get
/// arrays of their own when they are built (<see cref="ChatCompletionBatchBuilder"/>).
/// </summary>
/// <remarks>The buffer is rented (<see cref="ArrayPool{T}.Shared"/>): a batch holds every chunk one network read carried,
/// often a whole answer, and a buffer of that size allocated per stream would cost more than the chunks themselves. A
/// chunk that does not fit starts a larger buffer; the batch's earlier chunks keep the old one, given back once the stream
/// moved past that batch. <see cref="Return"/> gives everything back when the stream ends: the reader calls it only after
/// its caller moved past the last batch, or gave the stream up.</remarks>
internal sealed class ChunkBytes
{
    private const int BufferLength = 4096;

    private byte[]? _shared;
    private List<byte[]>? _outgrown;
    private int _position;
    private bool _handedOn;

    /// <summary>Room for a chunk of <paramref name="length"/> bytes, in the current batch.</summary>
    public Memory<byte> Take(int length)
    {
        if (_handedOn)
        {
            // The first chunk of the next batch: the stream moved past the one handed on, whose bytes may be written over.
            _handedOn = false;
            _position = 0;
            GiveOutgrown();
        }

        if (_shared is null || _shared.Length - _position < length)
        {
            if (_shared is not null)
            {
                // The batch's earlier chunks are in it until the stream moves on.
                (_outgrown ??= []).Add(_shared);
            }

            // Room for twice what did not fit, so that the next batch of that size fits whole.
            _shared = ArrayPool<byte>.Shared.Rent(Math.Max((_position + length) * 2, BufferLength));
            _position = 0;
        }

        Memory<byte> room = _shared.AsMemory(_position, length);
        _position += length;
        return room;
    }

    /// <summary>The current batch is handed on: the next chunk taken starts the next batch, which the reader scans only
    /// once the stream moved past this one.</summary>
    public void HandOn() => _handedOn = true;

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

using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace ModelRegistry.Protocol.Embeddings;

/// <summary>
/// The two <c>encoding_format</c>s of OpenAI's <c>/embeddings</c>: <c>float</c> (a JSON array of numbers) and
/// <c>base64</c> (the vector's little-endian IEEE-754 float32 bytes, base64-encoded: about a quarter of the size of the
/// same floats as JSON text, which is why the client asks for it by default), in both directions.
/// </summary>
internal static class EmbeddingEncoding
{
    public const string Float = "float";
    public const string Base64 = "base64";

    /// <summary>Decodes a base64 vector (the string's UTF-8 bytes, as the reader hands them) into floats.</summary>
    /// <exception cref="FormatException">The text is not base64, or its bytes are not a whole number of float32s.</exception>
    public static float[] DecodeBase64(ReadOnlySpan<byte> utf8)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(utf8.Length));
        try
        {
            OperationStatus status = System.Buffers.Text.Base64.DecodeFromUtf8(utf8, rented, out _, out int written);
            if (status != OperationStatus.Done || written % sizeof(float) != 0)
            {
                throw new FormatException("An embedding in base64 is not whole little-endian float32 values.");
            }

            var vector = new float[written / sizeof(float)];
            ReadOnlySpan<byte> bytes = rented.AsSpan(0, written);
            if (BitConverter.IsLittleEndian)
            {
                bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            else
            {
                for (int i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
                }
            }

            return vector;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Encodes a vector as base64 of its little-endian float32 bytes.</summary>
    public static string EncodeBase64(ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian)
        {
            return Convert.ToBase64String(MemoryMarshal.AsBytes(vector));
        }

        var bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}

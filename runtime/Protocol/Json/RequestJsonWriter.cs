using System.Buffers;
using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread for request bodies, reset onto each body's buffer instead of a new writer
/// per request. A body is written synchronously from <see cref="Rent"/> to <see cref="Return"/>, so the writer is never
/// shared; one that saw an exception is simply not returned.
/// </summary>
internal static class RequestJsonWriter
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        Utf8JsonWriter? writer = t_writer;
        if (writer is null)
        {
            return new Utf8JsonWriter(output);
        }

        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Flushes what the writer holds into its buffer and keeps the writer for the thread's next body.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();
        t_writer = writer;
    }
}

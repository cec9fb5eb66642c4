using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>
/// Writes server-sent events (<c>data: {json}\n\n</c>) to a response: one buffer and one <see cref="Utf8JsonWriter"/>
/// for a whole stream, reset per event, instead of a new pair per event. An event is staged until
/// <see cref="Commit"/>, so a writer that decides it has nothing to send leaves no trace in the response.
/// Nothing is flushed here: the caller flushes when it is about to wait.
/// </summary>
internal sealed class SseEventWriter(PipeWriter output) : IDisposable
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    private readonly ArrayBufferWriter<byte> _staged = new(512);
    private Utf8JsonWriter? _json;

    /// <summary>Starts a new event and returns the writer of its JSON; any uncommitted event before it is dropped.</summary>
    public Utf8JsonWriter Begin()
    {
        _staged.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_staged, GatewayJson.WriterOptions);
        }
        else
        {
            _json.Reset(_staged);
        }

        return _json;
    }

    /// <summary>Appends the event begun last to the response (unflushed).</summary>
    public void Commit()
    {
        _json!.Flush();
        output.Write(DataPrefix);
        output.Write(_staged.WrittenSpan);
        output.Write(EventEnd);
    }

    /// <summary>Appends an upstream's event as it came (unflushed), its <c>model</c> value (the JSON string at
    /// <paramref name="modelStart"/>, quotes included; -1 when it has none) replaced by <paramref name="model"/>, a JSON
    /// string with its quotes: one copy of the bytes into the response, nothing parsed or written again.</summary>
    public void Forward(ReadOnlySpan<byte> chunk, int modelStart, int modelLength, ReadOnlySpan<byte> model)
    {
        if (modelStart < 0)
        {
            modelStart = chunk.Length;
            modelLength = 0;
            model = default;
        }

        int length = DataPrefix.Length + chunk.Length - modelLength + model.Length + EventEnd.Length;
        Span<byte> target = output.GetSpan(length);
        DataPrefix.CopyTo(target);
        int at = DataPrefix.Length;
        chunk[..modelStart].CopyTo(target[at..]);
        at += modelStart;
        model.CopyTo(target[at..]);
        at += model.Length;
        chunk[(modelStart + modelLength)..].CopyTo(target[at..]);
        at += chunk.Length - modelStart - modelLength;
        EventEnd.CopyTo(target[at..]);
        output.Advance(length);
    }

    /// <inheritdoc/>
    public void Dispose() => _json?.Dispose();
}

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

    /// <inheritdoc/>
    public void Dispose() => _json?.Dispose();
}

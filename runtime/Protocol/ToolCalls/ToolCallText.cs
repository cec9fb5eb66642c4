using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// A tool call's arguments and a tool result as the text both formats carry them in (chat completions'
/// <c>function.arguments</c> and tool message <c>content</c>, the Responses API's <c>arguments</c> and <c>output</c>),
/// for the client's requests and the gateway's answers alike.
/// </summary>
internal static class ToolCallText
{
    /// <summary>The arguments as a JSON object text; a call without arguments sends <c>{}</c>.</summary>
    public static string Arguments(FunctionCallContent call) => Encoding.UTF8.GetString(ArgumentsUtf8(call, encoder: null));

    /// <summary>
    /// The arguments as UTF-8 JSON, escaped with <paramref name="encoder"/> (the one of the writer they go into), in this
    /// thread's reused buffer: valid until the next call on the thread, so written out at once (every caller is
    /// synchronous) rather than turned into a string per call. A value with no JSON form makes the whole arguments its
    /// <see cref="object.ToString"/>, as a JSON string.
    /// </summary>
    public static ReadOnlySpan<byte> ArgumentsUtf8(FunctionCallContent call, JavaScriptEncoder? encoder)
    {
        ArgumentsBuffer buffer = ArgumentsBuffer.ForThisThread(encoder);
        if (call.Arguments is null)
        {
            buffer.Writer.WriteStartObject();
            buffer.Writer.WriteEndObject();
        }
        else if (!JsonValueWriter.TryWrite(buffer.Writer, call.Arguments))
        {
            buffer.Clear();
            buffer.Writer.WriteStringValue(call.Arguments.ToString());
        }

        buffer.Writer.Flush();
        return buffer.Bytes.WrittenSpan;
    }

    /// <summary>The result as text: a string as it is, anything else as JSON, a failed call as its exception's message.</summary>
    public static string Result(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? "",
        string text => text,
        _ => JsonValueWriter.ToJsonText(result.Result),
    };

    /// <summary>The buffer and writer <see cref="ArgumentsUtf8"/> reuses on a thread.</summary>
    private sealed class ArgumentsBuffer
    {
        private const int LargestKept = 64 * 1024;

        [ThreadStatic]
        private static ArgumentsBuffer? t_current;

        private ArgumentsBuffer(JavaScriptEncoder? encoder) =>
            Writer = new Utf8JsonWriter(Bytes, new JsonWriterOptions { Encoder = encoder });

        public ArrayBufferWriter<byte> Bytes { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        /// <summary>This thread's buffer, emptied; a new one for another encoder, or after an unusually large call so a
        /// thread does not hold on to it.</summary>
        public static ArgumentsBuffer ForThisThread(JavaScriptEncoder? encoder)
        {
            if (t_current is not { Bytes.Capacity: <= LargestKept } current || current.Writer.Options.Encoder != encoder)
            {
                return t_current = new ArgumentsBuffer(encoder);
            }

            current.Clear();
            return current;
        }

        public void Clear()
        {
            Bytes.ResetWrittenCount();
            Writer.Reset(Bytes);
        }
    }
}

using System.Text.Json;
using ModelRegistry.Protocol;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>
/// A client's chat-completions request body sent on as it is (<see cref="IChatForwardingClient"/>), with what was read of
/// it (<see cref="ChatRequestHead"/>). The caller owns <see cref="Body"/> until the call has ended.
/// </summary>
internal sealed class ForwardedChatRequest(ReadOnlyMemory<byte> body, ChatRequestHead head)
{
    public ReadOnlyMemory<byte> Body { get; } = body;

    public ChatRequestHead Head { get; } = head;

    /// <summary>The body a route is sent: <c>model</c> set to the route's model id, <c>stream</c> and
    /// <c>stream_options</c> as the client's own requests write them (<see cref="ChatCompletionRequestWriter"/>), every
    /// other field copied as the caller sent it. The caller returns the buffer once the answer has been read.</summary>
    public PooledBufferWriter WriteFor(string model, bool stream, bool includeUsage)
    {
        ReadOnlySpan<byte> body = Body.Span;
        var buffer = new PooledBufferWriter(body.Length + model.Length + 64);
        Utf8JsonWriter writer = RequestJsonWriter.Rent(buffer);
        writer.WriteStartObject();
        writer.WriteString("model", model);
        if (stream)
        {
            writer.WriteBoolean("stream", true);
            if (includeUsage)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
        }

        // The rest goes in as raw bytes behind the writer's back: flushed first, and the object closed by hand.
        RequestJsonWriter.Return(writer);
        IReadOnlyList<Range> fields = Head.KeptFields;
        for (int i = 0; i < fields.Count; i++)
        {
            ReadOnlySpan<byte> field = body[fields[i]];
            Span<byte> target = buffer.GetSpan(field.Length + 1);
            target[0] = (byte)',';
            field.CopyTo(target[1..]);
            buffer.Advance(field.Length + 1);
        }

        buffer.GetSpan(1)[0] = (byte)'}';
        buffer.Advance(1);
        return buffer;
    }
}

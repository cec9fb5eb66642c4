using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes one chat-completions tool call — <c>{"index"?, "id", "type": "function", "function": {"name", "arguments"}}</c> —
/// the shape of an assistant message's <c>tool_calls</c> in the client's requests and of the gateway's answers and
/// streamed deltas (which add the <c>index</c>).
/// </summary>
internal static class ToolCallWriter
{
    public static void WriteChatCompletions(Utf8JsonWriter writer, FunctionCallContent call, int? index = null)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteString("id", call.CallId);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", ToolCallText.ArgumentsUtf8(call, writer.Options.Encoder));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

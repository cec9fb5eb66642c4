using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// The one mapping between the wire's finish reasons and <see cref="ChatFinishReason"/>, for both formats and both
/// directions (the client reads them, the gateway writes chat-completions ones): chat
/// completions name it in <c>finish_reason</c>; the Responses API has none and says it with its <c>status</c> (and
/// <c>incomplete_details.reason</c>) plus whether the answer called tools.
/// </summary>
internal static class FinishReasons
{
    /// <summary>The <c>finish_reason</c> string the reader is on; the usual ones without creating a string (every
    /// streamed answer ends with one).</summary>
    public static ChatFinishReason ReadChatCompletions(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("stop"u8))
        {
            return ChatFinishReason.Stop;
        }

        if (reader.ValueTextEquals("tool_calls"u8))
        {
            return ChatFinishReason.ToolCalls;
        }

        if (reader.ValueTextEquals("length"u8))
        {
            return ChatFinishReason.Length;
        }

        return FromChatCompletions(reader.GetString()!);
    }

    /// <summary>A chat-completions <c>finish_reason</c>; an unknown one is kept as it came.</summary>
    public static ChatFinishReason FromChatCompletions(string value) => value switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };

    /// <summary>The <c>finish_reason</c> string of <paramref name="reason"/> (the gateway's answers): the names
    /// <see cref="FromChatCompletions"/> reads, an unknown one as it came.</summary>
    public static string ToChatCompletions(ChatFinishReason reason) =>
        reason == ChatFinishReason.Stop ? "stop"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason.Value;

    /// <summary>A Responses API answer's end: <c>incomplete</c> is a length or content-filter stop (by its
    /// <paramref name="incompleteReason"/>); otherwise a stop, or tool calls when it called any.</summary>
    public static ChatFinishReason FromResponses(string? status, string? incompleteReason, bool calledTools)
    {
        if (status == "incomplete")
        {
            return incompleteReason is not null && incompleteReason.Contains("content", StringComparison.OrdinalIgnoreCase)
                ? ChatFinishReason.ContentFilter
                : ChatFinishReason.Length;
        }

        return calledTools ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
    }
}

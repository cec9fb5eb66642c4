using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Decides which assistant messages carry their reasoning back to the provider (<c>reasoning_content_keep_type</c>):
/// <c>discard</c> none; <c>temp</c> only those after the last user message — the reasoning of the tool-calling turn
/// in progress, which DeepSeek's and Qwen's thinking modes require back and which earlier turns must not repeat;
/// <c>retain</c> all.
/// </summary>
internal static class ReasoningHistoryPolicy
{
    /// <summary>The index of the first message whose reasoning is sent, or <see cref="int.MaxValue"/> for none.</summary>
    public static int FirstMessageKeepingReasoning(IReadOnlyList<ChatMessage> messages, ReasoningContentKeepType keepType)
    {
        switch (keepType)
        {
            case ReasoningContentKeepType.Retain:
                return 0;
            case ReasoningContentKeepType.Temp:
                for (int index = messages.Count - 1; index >= 0; index--)
                {
                    if (messages[index].Role == ChatRole.User)
                    {
                        return index + 1;
                    }
                }

                return 0;
            default:
                return int.MaxValue;
        }
    }

    /// <summary>The reasoning text of a message, or <see langword="null"/> when it has none.</summary>
    public static string? GetReasoningText(ChatMessage message)
    {
        StringBuilder? text = null;
        foreach (AIContent content in message.Contents)
        {
            if (content is TextReasoningContent { Text.Length: > 0 } reasoning)
            {
                (text ??= new StringBuilder()).Append(reasoning.Text);
            }
        }

        return text?.ToString();
    }

    /// <summary>The wire name of the field reasoning is written under.</summary>
    public static string FieldName(ReasoningFieldName name) =>
        name == ReasoningFieldName.Reasoning ? "reasoning" : "reasoning_content";
}

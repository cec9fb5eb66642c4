using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Writes OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> objects (the gateway's answers, the objects
/// <see cref="ChatCompletionReader"/> reads) with <see cref="Utf8JsonWriter"/> (no reflection, so AOT-safe): content,
/// <c>reasoning_content</c>, <c>tool_calls</c> (<see cref="ToolCallWriter"/>), <c>finish_reason</c>
/// (<see cref="FinishReasons"/>) and <c>usage</c> (<see cref="UsageWriter"/>).
/// </summary>
internal static class ChatCompletionWriter
{
    /// <summary>The reasoning field the gateway answers with: the default of <see cref="ReasoningFieldName"/>, the name
    /// most clients read (DeepSeek's).</summary>
    private static readonly string ReasoningContentField = ReasoningHistoryPolicy.FieldName(ReasoningFieldName.ReasoningContent);

    /// <summary>Writes a whole non-streamed answer.</summary>
    public static void WriteCompletion(Utf8JsonWriter writer, ChatResponse response, string id, string model, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        // Usually one text (or none) and one reasoning part: joined only when an answer has several.
        string? text = null, reasoning = null;
        int callCount = 0;
        foreach (ChatMessage message in response.Messages)
        {
            if (message.Role != ChatRole.Assistant)
            {
                continue;
            }

            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent t:
                        text = text is null ? t.Text : text + t.Text;
                        break;
                    case TextReasoningContent r:
                        reasoning = reasoning is null ? r.Text : reasoning + r.Text;
                        break;
                    case FunctionCallContent:
                        callCount++;
                        break;
                }
            }
        }

        if (string.IsNullOrEmpty(text) && callCount > 0)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text ?? "");
        }

        if (!string.IsNullOrEmpty(reasoning))
        {
            writer.WriteString(ReasoningContentField, reasoning);
        }

        if (callCount > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (ChatMessage message in response.Messages)
            {
                if (message.Role != ChatRole.Assistant)
                {
                    continue;
                }

                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionCallContent call)
                    {
                        ToolCallWriter.WriteChatCompletions(writer, call);
                    }
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        WriteFinishReason(writer, response.FinishReason ?? (callCount > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop));
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (response.Usage is { } usage)
        {
            UsageWriter.WriteChatCompletions(writer, usage, response.GetRoutedCallInfo());
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one streamed chunk carrying the parts of <paramref name="update"/>; returns whether it had anything to send.</summary>
    public static bool WriteChunk(Utf8JsonWriter writer, ChatResponseUpdate update, string id, string model, long created, bool sendRole, ref int toolCallIndex)
    {
        string? text = null, reasoning = null;
        List<FunctionCallContent>? calls = null;
        // Indexed: a foreach over the IList would box an enumerator for every streamed update.
        IList<AIContent> contents = update.Contents;
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            switch (content)
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    text += t.Text;
                    break;
                case TextReasoningContent r when !string.IsNullOrEmpty(r.Text):
                    reasoning += r.Text;
                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(call);
                    break;
            }
        }

        if (!sendRole && text is null && reasoning is null && calls is null && update.FinishReason is null)
        {
            return false;
        }

        WriteChunkStart(writer, id, model, created);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (sendRole)
        {
            writer.WriteString("role", "assistant");
            writer.WriteString("content", text ?? "");
        }
        else if (text is not null)
        {
            writer.WriteString("content", text);
        }

        if (reasoning is not null)
        {
            writer.WriteString(ReasoningContentField, reasoning);
        }

        if (calls is not null)
        {
            writer.WriteStartArray("tool_calls");
            foreach (FunctionCallContent call in calls)
            {
                ToolCallWriter.WriteChatCompletions(writer, call, toolCallIndex++);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (update.FinishReason is { } finish)
        {
            WriteFinishReason(writer, finish);
        }
        else
        {
            writer.WriteNull("finish_reason");
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        return true;
    }

    /// <summary>Writes the usage chunk OpenAI sends last when asked (<c>stream_options.include_usage</c>): <c>choices</c> empty.</summary>
    public static void WriteUsageChunk(Utf8JsonWriter writer, UsageDetails usage, RoutedCallInfo? info, string id, string model, long created)
    {
        WriteChunkStart(writer, id, model, created);
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        UsageWriter.WriteChatCompletions(writer, usage, info);
        writer.WriteEndObject();
    }

    private static void WriteChunkStart(Utf8JsonWriter writer, string id, string model, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion.chunk");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
    }

    private static void WriteFinishReason(Utf8JsonWriter writer, ChatFinishReason reason) =>
        writer.WriteString("finish_reason", FinishReasons.ToChatCompletions(reason));
}

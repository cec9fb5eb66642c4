using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using static ModelRegistry.Protocol.RequestFieldWriter;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Writes a <c>/chat/completions</c> request body with <see cref="Utf8JsonWriter"/>: the conversation (text,
/// images, audio, tool calls and results, reasoning written back as the provider expects), the resolved
/// parameters under the provider's field names, tools and <c>tool_choice</c>, <c>response_format</c>, streaming
/// options, and the extra body fields last.
/// </summary>
internal static class ChatCompletionRequestWriter
{
    /// <summary>Writes the body into a pooled buffer, which the caller returns once the answer has been read.</summary>
    public static PooledBufferWriter Write(
        ChatModelConfiguration configuration, IReadOnlyList<ChatMessage> messages, ChatOptions? options, ResolvedRequest request,
        bool stream, OnceLogger log)
    {
        var buffer = new PooledBufferWriter(1024);
        Utf8JsonWriter writer = RequestJsonWriter.Rent(buffer);
        CompatibilityOptions compatibility = configuration.Compatibility;
        writer.WriteStartObject();
        WriteString(writer, request, "model", request.Model);
        WriteMessages(writer, messages, options?.Instructions, compatibility);

        if (stream)
        {
            writer.WriteBoolean("stream", true);
            if (compatibility.IncludeUsage && !request.IsOverridden("stream_options"))
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
        }

        WriteNumber(writer, request, "temperature", request.Temperature);
        WriteNumber(writer, request, "top_p", request.TopP);
        WriteNumber(writer, request, "top_k", request.TopK);
        WriteNumber(writer, request, compatibility.MaxTokensField == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens", request.MaxTokens);
        WriteNumber(writer, request, "seed", request.Seed);
        WriteNumber(writer, request, "frequency_penalty", request.FrequencyPenalty);
        WriteNumber(writer, request, "presence_penalty", request.PresencePenalty);
        WriteString(writer, request, "reasoning_effort", request.ReasoningEffort);
        if (request.Stop is { } stop && !request.IsOverridden("stop"))
        {
            writer.WriteStartArray("stop");
            foreach (string sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        ToolsWriter.Write(writer, request, nestUnderFunction: true);
        WriteResponseFormat(writer, request);
        ExtraBodyWriter.Write(writer, request.ExtraBody, log);
        writer.WriteEndObject();
        RequestJsonWriter.Return(writer);
        return buffer;
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, string? instructions, CompatibilityOptions compatibility)
    {
        int firstKeepingReasoning = ReasoningHistoryPolicy.FirstMessageKeepingReasoning(messages, compatibility.ReasoningContentKeepType);
        string reasoningField = ReasoningHistoryPolicy.FieldName(compatibility.ReasoningFieldName);
        writer.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", instructions);
            writer.WriteEndObject();
        }

        for (int index = 0; index < messages.Count; index++)
        {
            ChatMessage message = messages[index];
            if (message.Role == ChatRole.Assistant)
            {
                WriteAssistantMessage(writer, message, index >= firstKeepingReasoning ? reasoningField : null);
            }
            else
            {
                WriteToolResults(writer, message);
                if (message.Role != ChatRole.Tool && HasInputContent(message))
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", message.Role.Value);
                    if (message.AuthorName is { Length: > 0 } author)
                    {
                        writer.WriteString("name", author);
                    }

                    writer.WritePropertyName("content");
                    WriteInputContent(writer, message);
                    writer.WriteEndObject();
                }
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteAssistantMessage(Utf8JsonWriter writer, ChatMessage message, string? reasoningField)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        string text = MessageText.Join(message);
        bool hasToolCalls = message.Contents.Any(static content => content is FunctionCallContent);
        if (text.Length > 0 || !hasToolCalls)
        {
            writer.WriteString("content", text);
        }
        else
        {
            writer.WriteNull("content");
        }

        if (reasoningField is not null && ReasoningHistoryPolicy.GetReasoningText(message) is { } reasoning)
        {
            writer.WriteString(reasoningField, reasoning);
        }

        if (hasToolCalls)
        {
            writer.WriteStartArray("tool_calls");
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    ToolCallWriter.WriteChatCompletions(writer, call);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteToolResults(Utf8JsonWriter writer, ChatMessage message)
    {
        // By index: every message of every request passes here, and a foreach over the IList boxes an enumerator.
        IList<AIContent> contents = message.Contents;
        for (int index = 0; index < contents.Count; index++)
        {
            AIContent content = contents[index];
            if (content is FunctionResultContent result)
            {
                writer.WriteStartObject();
                writer.WriteString("role", "tool");
                writer.WriteString("tool_call_id", result.CallId);
                writer.WriteString("content", ToolCallText.Result(result));
                writer.WriteEndObject();
            }
        }
    }

    private static bool HasInputContent(ChatMessage message) =>
        message.Contents.Any(static content => content is TextContent or DataContent or UriContent);

    /// <summary>A plain string for text-only messages (every server accepts it), else an array of parts.</summary>
    private static void WriteInputContent(Utf8JsonWriter writer, ChatMessage message)
    {
        if (message.Contents.All(static content => content is TextContent or not (DataContent or UriContent)))
        {
            writer.WriteStringValue(MessageText.Join(message));
            return;
        }

        writer.WriteStartArray();
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text.Text);
                    writer.WriteEndObject();
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    WriteImage(writer, data.Uri);
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    WriteImage(writer, uri.Uri.ToString());
                    break;
                case DataContent data when data.HasTopLevelMediaType("audio"):
                    writer.WriteStartObject();
                    writer.WriteString("type", "input_audio");
                    writer.WriteStartObject("input_audio");
                    writer.WriteString("data", data.Base64Data.Span);
                    writer.WriteString("format", AudioFormat(data.MediaType));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case DataContent data:
                    writer.WriteStartObject();
                    writer.WriteString("type", "file");
                    writer.WriteStartObject("file");
                    writer.WriteString("filename", data.Name ?? "file");
                    writer.WriteString("file_data", data.Uri);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static string AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        var other => other[(other.IndexOf('/', StringComparison.Ordinal) + 1)..],
    };

    private static void WriteResponseFormat(Utf8JsonWriter writer, ResolvedRequest request)
    {
        if (request.IsOverridden("response_format"))
        {
            return;
        }

        if (request.StructuredOutput == StructuredOutputMode.JsonMode)
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", "json_object");
            writer.WriteEndObject();
        }
        else if (request.StructuredOutput == StructuredOutputMode.JsonSchema)
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            WriteSchemaFields(writer, request);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}

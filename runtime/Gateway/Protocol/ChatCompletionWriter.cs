using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// Writes OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> objects with <see cref="Utf8JsonWriter"/>
/// (no reflection, so AOT-safe): content, <c>reasoning_content</c>, <c>tool_calls</c>, <c>finish_reason</c> and
/// <c>usage</c> (with cached and reasoning token details, plus the call's <c>cost</c> and an <c>estimated</c> flag
/// when routing priced or estimated it).
/// </summary>
internal static class ChatCompletionWriter
{
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
            writer.WriteString("reasoning_content", reasoning);
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
                        WriteToolCall(writer, call, null);
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
            WriteUsage(writer, usage, response.GetRoutedCallInfo());
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
            writer.WriteString("reasoning_content", reasoning);
        }

        if (calls is not null)
        {
            writer.WriteStartArray("tool_calls");
            foreach (FunctionCallContent call in calls)
            {
                WriteToolCall(writer, call, toolCallIndex++);
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
        WriteUsage(writer, usage, info);
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

    private static void WriteFinishReason(Utf8JsonWriter writer, ChatFinishReason reason) => writer.WriteString("finish_reason", reason.Value);

    private static void WriteUsage(Utf8JsonWriter writer, UsageDetails usage, RoutedCallInfo? info)
    {
        long input = usage.InputTokenCount ?? 0, output = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", input);
        writer.WriteNumber("completion_tokens", output);
        writer.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        if (usage.CachedInputTokenCount is { } cached)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", cached);
            writer.WriteEndObject();
        }

        if (usage.ReasoningTokenCount is { } reasoningTokens)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", reasoningTokens);
            writer.WriteEndObject();
        }

        if (info?.Cost is { } cost)
        {
            writer.WriteNumber("cost", cost);
        }

        if (info?.UsageEstimated == true)
        {
            writer.WriteBoolean("estimated", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, int? index)
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
        writer.WriteString("arguments", SerializeArguments(call.Arguments, out ArgumentsBuffer _));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Tool-call arguments as the JSON text OpenAI sends in <c>function.arguments</c>.</summary>
    public static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        Encoding.UTF8.GetString(SerializeArguments(arguments, out _));

    /// <summary>Tool-call arguments as UTF-8 JSON in this thread's reused buffer: valid until the next call on the thread,
    /// so written out at once (every caller here is synchronous) rather than turned into a string per call.</summary>
    private static ReadOnlySpan<byte> SerializeArguments(IDictionary<string, object?>? arguments, out ArgumentsBuffer buffer)
    {
        buffer = ArgumentsBuffer.ForThisThread();
        buffer.Bytes.ResetWrittenCount();
        buffer.Writer.Reset(buffer.Bytes);
        if (arguments is null)
        {
            buffer.Writer.WriteStartObject();
            buffer.Writer.WriteEndObject();
        }
        else
        {
            WriteValue(buffer.Writer, arguments);
        }

        buffer.Writer.Flush();
        return buffer.Bytes.WrittenSpan;
    }

    /// <summary>The buffer and writer <see cref="SerializeArguments(IDictionary{string, object?}?, out ArgumentsBuffer)"/> reuses on a thread.</summary>
    private sealed class ArgumentsBuffer
    {
        [ThreadStatic]
        private static ArgumentsBuffer? s_current;

        public ArrayBufferWriter<byte> Bytes { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        private ArgumentsBuffer() => Writer = new Utf8JsonWriter(Bytes, GatewayJson.WriterOptions);

        /// <summary>This thread's buffer; a new one after an unusually large call, so a thread does not hold on to it.</summary>
        public static ArgumentsBuffer ForThisThread() =>
            s_current is { Bytes.Capacity: <= LargestKept } current ? current : s_current = new ArgumentsBuffer();

        private const int LargestKept = 64 * 1024;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case float or double:
                writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (object? item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}

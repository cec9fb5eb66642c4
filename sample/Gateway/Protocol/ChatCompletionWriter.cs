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
public static class ChatCompletionWriter
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
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<FunctionCallContent>();
        foreach (ChatMessage message in response.Messages.Where(m => m.Role == ChatRole.Assistant))
        {
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent t:
                        text.Append(t.Text);
                        break;
                    case TextReasoningContent r:
                        reasoning.Append(r.Text);
                        break;
                    case FunctionCallContent call:
                        calls.Add(call);
                        break;
                }
            }
        }

        if (text.Length == 0 && calls.Count > 0)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text.ToString());
        }

        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content", reasoning.ToString());
        }

        if (calls.Count > 0)
        {
            WriteToolCalls(writer, calls, withIndex: false);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        WriteFinishReason(writer, response.FinishReason ?? (calls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop));
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
        foreach (AIContent content in update.Contents)
        {
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

    private static void WriteToolCalls(Utf8JsonWriter writer, List<FunctionCallContent> calls, bool withIndex)
    {
        writer.WriteStartArray("tool_calls");
        for (int i = 0; i < calls.Count; i++)
        {
            WriteToolCall(writer, calls[i], withIndex ? i : null);
        }

        writer.WriteEndArray();
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
        writer.WriteString("arguments", SerializeArguments(call.Arguments));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Tool-call arguments as the JSON text OpenAI sends in <c>function.arguments</c>.</summary>
    public static string SerializeArguments(IDictionary<string, object?>? arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            WriteValue(writer, arguments ?? new Dictionary<string, object?>());
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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

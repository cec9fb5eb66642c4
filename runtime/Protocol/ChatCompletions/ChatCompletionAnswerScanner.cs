using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Reads what the gateway needs of an upstream's non-streamed <c>chat.completion</c> to forward its bytes
/// (<see cref="ForwardedAnswer"/>): where its <c>model</c> value and <c>usage</c> field are, the usage itself (as
/// <see cref="UsageReader"/> reads it), and where a <c>reasoning</c> field is to be named <c>reasoning_content</c>, as the
/// gateway's own answers name it. An answer is forwardable only when a client reads from its bytes what it would read
/// from the answer <see cref="ChatCompletionWriter"/> writes after <see cref="ChatCompletionReader"/>: one choice, an id,
/// a creation time, a known finish reason, string content (or tool calls with string arguments), no refusal, and usage
/// with token counts (an estimate needs the parsed answer). Anything else is parsed as before.
/// </summary>
internal static class ChatCompletionAnswerScanner
{
    /// <summary>Scans an answer; <see langword="null"/> when it is not to be forwarded as it is. Throws
    /// <see cref="JsonException"/> for a body that is not JSON.</summary>
    public static AnswerHead? Scan(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        bool understood = true, id = false, created = false, choices = false;
        Range model = default, usageField = default, reasoningName = default, emptyContent = default;
        UsageDetails? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex;
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                understood &= !id && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                id = true;
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                understood &= !created && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long seconds) && seconds > 0;
                created = true;
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                understood &= model.End.Value == 0 && reader.TokenType == JsonTokenType.String;
                model = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                understood &= !choices && ScanChoices(ref reader, ref reasoningName, ref emptyContent);
                choices = true;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                understood &= usage is null && reader.TokenType == JsonTokenType.StartObject;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    usage = UsageReader.Read(ref reader);
                    usageField = new Range(start, (int)reader.BytesConsumed);
                }
            }
            else
            {
                // An error object or Groq's usage extension is the parsed path's to read.
                understood &= !reader.ValueTextEquals("error"u8) && !reader.ValueTextEquals("x_groq"u8);
                reader.Read();
            }

            reader.Skip();
        }

        understood &= id && created && choices && model.End.Value > 0 && usage is { InputTokenCount: not null } or { OutputTokenCount: not null };
        return understood ? new AnswerHead(model, usageField, reasoningName, emptyContent, usage!) : null;
    }

    private static bool ScanChoices(ref Utf8JsonReader reader, ref Range reasoningName, ref Range emptyContent)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        int count = 0;
        bool understood = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            understood &= reader.TokenType == JsonTokenType.StartObject && ScanChoice(ref reader, ref reasoningName, ref emptyContent);
            reader.Skip();
        }

        return understood && count == 1;
    }

    private static bool ScanChoice(ref Utf8JsonReader reader, ref Range reasoningName, ref Range emptyContent)
    {
        bool message = false, finish = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                understood &= reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int index) && index == 0;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                understood &= !message && reader.TokenType == JsonTokenType.StartObject && ScanMessage(ref reader, ref reasoningName, ref emptyContent);
                message = true;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                understood &= !finish && reader.TokenType == JsonTokenType.String &&
                    (reader.ValueTextEquals("stop"u8) || reader.ValueTextEquals("length"u8) || reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("content_filter"u8));
                finish = true;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return understood && message && finish;
    }

    private static bool ScanMessage(ref Utf8JsonReader reader, ref Range reasoningName, ref Range emptyContent)
    {
        bool understood = true, reasoningContent = false;
        int calls = -1;
        JsonTokenType content = JsonTokenType.None;
        Range empty = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex, nameEnd = (int)reader.BytesConsumed;
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                understood &= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("assistant"u8);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                understood &= content == JsonTokenType.None && reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                content = reader.TokenType;
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 0)
                {
                    empty = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                }
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                understood &= !reasoningContent && reasoningName.End.Value == 0 && reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                reasoningContent = true;
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                understood &= !reasoningContent && reasoningName.End.Value == 0 && reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                // The name only, quotes included: the gateway's answers call it reasoning_content.
                reasoningName = new Range(start, nameEnd - 1);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                understood &= calls < 0 && (reader.TokenType == JsonTokenType.Null || ScanToolCalls(ref reader, out calls));
                calls = Math.Max(calls, 0);
            }
            else if (reader.ValueTextEquals("refusal"u8) || reader.ValueTextEquals("function_call"u8) || reader.ValueTextEquals("audio"u8))
            {
                // Read by clients, not written by the gateway's own answers: only their absence is the same answer.
                reader.Read();
                understood &= reader.TokenType == JsonTokenType.Null;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        // The gateway writes content as a string, or null beside tool calls when there is no text (an empty string there
        // is rewritten to null).
        emptyContent = calls > 0 ? empty : default;
        return understood && (calls > 0 || content == JsonTokenType.String);
    }

    private static bool ScanToolCalls(ref Utf8JsonReader reader, out int calls)
    {
        calls = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        bool understood = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            calls++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                understood = false;
                reader.Skip();
                continue;
            }

            bool id = false, function = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    understood &= reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                    id = true;
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    understood &= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("function"u8);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    understood &= reader.TokenType == JsonTokenType.StartObject && ScanFunction(ref reader);
                    function = true;
                }
                else
                {
                    reader.Read();
                }

                reader.Skip();
            }

            understood &= id && function;
        }

        return understood;
    }

    private static bool ScanFunction(ref Utf8JsonReader reader)
    {
        bool name = false, arguments = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                understood &= reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                name = true;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                understood &= reader.TokenType == JsonTokenType.String;
                arguments = true;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return understood && name && arguments;
    }
}

/// <summary>What <see cref="ChatCompletionAnswerScanner"/> found in a forwardable answer: where its <c>model</c> value
/// (quotes included) and its whole <c>usage</c> field are, where a <c>reasoning</c> field's name is and an empty content
/// string beside tool calls is (each an empty range when there is none), and the usage it reported.</summary>
internal sealed record AnswerHead(Range Model, Range UsageField, Range ReasoningName, Range EmptyContent, UsageDetails Usage);

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Reads one <c>chat.completion.chunk</c> — or a whole non-streamed <c>chat.completion</c>, whose <c>message</c>
/// has the shape of a <c>delta</c> — with <see cref="Utf8JsonReader"/> straight into a
/// <see cref="ChatResponseUpdate"/>, with no intermediate object per chunk. Reasoning comes from
/// <c>reasoning_content</c> (DeepSeek, vLLM, xAI, Qwen) or <c>reasoning</c> (OpenRouter, Groq, Ollama, newer vLLM);
/// when both come, <c>reasoning_content</c> wins. Only choice 0 is read: a choice with another <c>index</c> is
/// ignored, never mixed into the answer (requests never ask for more than one). A top-level <c>error</c> (OpenRouter sends one mid-stream)
/// becomes a <see cref="ChatProviderException"/>.
/// </summary>
internal static class ChatCompletionReader
{
    public static ChatResponseUpdate Read(ReadOnlySpan<byte> json, ChatCompletionState state)
    {
        var contents = new List<AIContent>();
        ChatFinishReason? finishReason = ReadInto(json, state, contents);
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId,
            CreatedAt = state.CreatedAt,
            FinishReason = finishReason,
        };
    }

    /// <summary>Reads one chunk or whole answer: its contents go to <paramref name="contents"/>, the id, model, creation
    /// time and usage to <paramref name="state"/>; returns its finish reason, if it has one.</summary>
    public static ChatFinishReason? ReadInto(ReadOnlySpan<byte> json, ChatCompletionState state, List<AIContent> contents)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The chunk is not a JSON object.");
        }

        ChatFinishReason? finishReason = null;
        bool hasError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                state.ResponseId = ReadRepeatedString(ref reader, state.ResponseId);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                state.ModelId = ReadRepeatedString(ref reader, state.ModelId, state.LastModelId);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long seconds) && seconds > 0)
                {
                    state.CreatedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        if (IsFirstChoice(reader))
                        {
                            finishReason = ReadChoice(ref reader, state, contents) ?? finishReason;
                        }
                        else
                        {
                            // Only choice 0 is the answer: a response holds one, and mixing another choice's text,
                            // reasoning or tool calls into it would splice two answers (requests never ask for
                            // more; an upstream that sends them anyway has them ignored).
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    state.SetUsage(UsageReader.Read(ref reader));
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("x_groq"u8))
            {
                ReadGroqExtension(ref reader, state);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                hasError = reader.TokenType is not JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (hasError)
        {
            throw ProviderError.FromStreamError(state.Configuration, json, state.RequestId);
        }

        if (finishReason is not null)
        {
            state.SawFinishReason = true;
            state.Complete(contents);
        }

        return finishReason;
    }

    /// <summary>Every chunk repeats the id and model: keep the string already read instead of allocating it again.
    /// An empty value (Azure's first, prompt-filter chunk) does not replace a known one. A <paramref name="candidate"/>
    /// (the string a previous answer had) is reused when the value equals it.</summary>
    private static string? ReadRepeatedString(ref Utf8JsonReader reader, string? known, string? candidate = null)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length == 0)
        {
            return known;
        }

        if (!reader.ValueIsEscaped)
        {
            if (known is not null && reader.ValueTextEquals(known))
            {
                return known;
            }

            if (candidate is not null && reader.ValueTextEquals(candidate))
            {
                return candidate;
            }
        }

        return reader.GetString();
    }

    /// <summary>Whether the choice the reader is at (its start) is choice 0; one without an <c>index</c> counts as 0.
    /// Reads a copy of the reader, so the choice can still be read; <c>index</c> comes first in every recorded
    /// provider's chunks, so this usually reads one property.</summary>
    internal static bool IsFirstChoice(Utf8JsonReader probe)
    {
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (probe.ValueTextEquals("index"u8))
            {
                probe.Read();
                return probe.TokenType != JsonTokenType.Number || (probe.TryGetInt32(out int index) && index == 0);
            }

            probe.Read();
            probe.Skip();
        }

        return true;
    }

    private static ChatFinishReason? ReadChoice(ref Utf8JsonReader reader, ChatCompletionState state, List<AIContent> contents)
    {
        ChatFinishReason? finishReason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader, state, contents);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    finishReason = FinishReasons.ReadChatCompletions(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return finishReason;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ChatCompletionState state, List<AIContent> contents)
    {
        string? content = null;
        string? reasoningContent = null;
        string? reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                content = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoningContent = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reasoning = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    int position = 0;
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadToolCall(ref reader, state, position++);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // The legacy single-function answer: one call, no id, no index.
                    ReadFunction(ref reader, out string? name, out string? arguments);
                    state.ToolCalls.Append(0, null, name, arguments);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        string? reasoningText = string.IsNullOrEmpty(reasoningContent) ? reasoning : reasoningContent;
        if (!string.IsNullOrEmpty(reasoningText))
        {
            contents.Add(new TextReasoningContent(reasoningText));
        }

        if (content is not null)
        {
            if (state.ThinkTags is { } splitter)
            {
                splitter.Append(content, contents);
            }
            else if (content.Length > 0)
            {
                contents.Add(new TextContent(content));
            }
        }
    }

    private static void ReadToolCall(ref Utf8JsonReader reader, ChatCompletionState state, int position)
    {
        int index = position;
        string? id = null;
        string? name = null;
        string? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value))
                {
                    index = value;
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadFunction(ref reader, out name, out arguments);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        state.ToolCalls.Append(index, id, name, arguments);
    }

    private static void ReadFunction(ref Utf8JsonReader reader, out string? name, out string? arguments)
    {
        name = null;
        arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    arguments = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // A few servers send the arguments as an object rather than a JSON string.
                    using JsonDocument document = JsonDocument.ParseValue(ref reader);
                    arguments = document.RootElement.GetRawText();
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads Groq's <c>x_groq</c> extension; returns whether it held a usage (kept as the fallback copy).</summary>
    internal static bool ReadGroqExtension(ref Utf8JsonReader reader, ChatCompletionState state)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        bool hadUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage && reader.TokenType == JsonTokenType.StartObject)
            {
                state.SetFallbackUsage(UsageReader.Read(ref reader));
                hadUsage = true;
            }
            else
            {
                reader.Skip();
            }
        }

        return hadUsage;
    }

    /// <summary>A string value, or the concatenated <c>text</c> parts when a server sends content as an array of parts.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                System.Text.StringBuilder? text = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isText = reader.ValueTextEquals("text"u8);
                        reader.Read();
                        if (isText && reader.TokenType == JsonTokenType.String)
                        {
                            (text ??= new System.Text.StringBuilder()).Append(reader.GetString());
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }

                return text?.ToString();
            default:
                reader.Skip();
                return null;
        }
    }
}

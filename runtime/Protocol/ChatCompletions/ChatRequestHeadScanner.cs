using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Reads a <see cref="ChatRequestHead"/> from a <c>POST /v1/chat/completions</c> body with one <see cref="Utf8JsonReader"/>
/// pass: no string but the model id, no object per message. A body is <see cref="ChatRequestHead.Forwardable"/> only when
/// every field and message has a shape that <see cref="ChatCompletionRequestReader"/> reads and
/// <see cref="ChatCompletionRequestWriter"/> writes back unchanged (a <c>developer</c> role, content parts, a <c>null</c>
/// parameter, <c>n</c>, <c>stop</c> as one string, reasoning sent back in history… each would be rewritten, so each takes
/// the parsed path), with values the reader accepts; the prompt estimate counts exactly what
/// <see cref="UsageEstimator.EstimateInputTokens"/> counts of the parsed request.
/// </summary>
internal static class ChatRequestHeadScanner
{
    /// <summary>Scans a body; <see langword="null"/> when it is not JSON (the parsed path says why).</summary>
    public static ChatRequestHead? Scan(ReadOnlySpan<byte> body)
    {
        try
        {
            return ScanObject(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ChatRequestHead? ScanObject(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? model = null;
        bool stream = false, includeUsage = false, forwardable = true, hasMessages = false;
        RequestParameters parameters = RequestParameters.None;
        int? maxTokens = null;
        ToolChoiceSupport? toolChoice = null;
        long tokens = 0, characters = 0;
        var kept = new List<Range>(8);
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex;
            int field = Field(ref reader);
            if (field >= 0)
            {
                // A standard field twice: the parsed path takes the last, a forwarded body would carry both.
                forwardable &= (seen & (1 << field)) == 0;
                seen |= 1 << field;
            }

            reader.Read();
            bool keep = true;
            switch (field)
            {
                case FieldModel:
                    keep = false;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        model = reader.GetString();
                    }

                    break;
                case FieldMessages:
                    hasMessages = reader.TokenType == JsonTokenType.StartArray;
                    forwardable &= hasMessages && ScanMessages(ref reader, ref tokens, ref characters);
                    break;
                case FieldStream:
                    keep = false;
                    stream = reader.TokenType == JsonTokenType.True;
                    forwardable &= reader.TokenType is JsonTokenType.True or JsonTokenType.False;
                    break;
                case FieldStreamOptions:
                    keep = false;
                    forwardable &= ScanStreamOptions(ref reader, out includeUsage);
                    break;
                case FieldTemperature:
                    forwardable &= IsNumberWithin(ref reader, 0, 2);
                    parameters |= RequestParameters.Temperature;
                    break;
                case FieldTopP:
                    forwardable &= IsNumberWithin(ref reader, 0, 1);
                    parameters |= RequestParameters.TopP;
                    break;
                case FieldFrequencyPenalty:
                    forwardable &= IsNumberWithin(ref reader, -2, 2);
                    parameters |= RequestParameters.FrequencyPenalty;
                    break;
                case FieldPresencePenalty:
                    forwardable &= IsNumberWithin(ref reader, -2, 2);
                    parameters |= RequestParameters.PresencePenalty;
                    break;
                case FieldMaxTokens or FieldMaxCompletionTokens:
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int limit) && limit >= 1 && maxTokens is null)
                    {
                        maxTokens = limit;
                    }
                    else
                    {
                        forwardable = false;
                    }

                    parameters |= field == FieldMaxTokens ? RequestParameters.MaxTokens : RequestParameters.MaxCompletionTokens;
                    break;
                case FieldSeed:
                    forwardable &= reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _);
                    parameters |= RequestParameters.Seed;
                    break;
                case FieldStop:
                    forwardable &= IsStringArray(ref reader);
                    parameters |= RequestParameters.Stop;
                    break;
                case FieldTools:
                    forwardable &= ScanTools(ref reader, ref characters);
                    parameters |= RequestParameters.Tools;
                    break;
                case FieldToolChoice:
                    toolChoice = ReadToolChoice(ref reader);
                    forwardable &= toolChoice is not null;
                    parameters |= RequestParameters.ToolChoice;
                    break;
                case FieldResponseFormat:
                    forwardable &= IsJsonObjectFormat(ref reader);
                    parameters |= RequestParameters.JsonObjectFormat;
                    break;
                case FieldReasoningEffort:
                    // The reader maps every other value (and "minimal") to one of these three.
                    forwardable &= reader.TokenType == JsonTokenType.String &&
                        (reader.ValueTextEquals("low"u8) || reader.ValueTextEquals("medium"u8) || reader.ValueTextEquals("high"u8));
                    parameters |= RequestParameters.ReasoningEffort;
                    break;
                case FieldN:
                    // n = 1 is not sent on by the parsed path, n > 1 is refused there.
                    forwardable = false;
                    break;
            }

            reader.Skip();
            if (keep)
            {
                kept.Add(new Range(start, (int)reader.BytesConsumed));
            }
        }

        // Nothing may follow the object (the parsed path refuses trailing content).
        if (model is not { Length: > 0 } || reader.Read())
        {
            return null;
        }

        // tool_choice without tools is not sent on by the parsed path.
        forwardable &= hasMessages && ((parameters & RequestParameters.ToolChoice) == 0 || (parameters & RequestParameters.Tools) != 0);
        return new ChatRequestHead
        {
            Model = model,
            Stream = stream,
            IncludeUsage = includeUsage,
            Forwardable = forwardable,
            Parameters = parameters,
            MaxTokens = maxTokens,
            ToolChoice = toolChoice,
            InputTokenEstimate = tokens + (characters + UsageEstimator.CharactersPerToken - 1) / UsageEstimator.CharactersPerToken,
            KeptFields = kept,
        };
    }

    private const int FieldModel = 0, FieldMessages = 1, FieldStream = 2, FieldStreamOptions = 3, FieldTemperature = 4, FieldTopP = 5,
        FieldMaxTokens = 6, FieldMaxCompletionTokens = 7, FieldStop = 8, FieldSeed = 9, FieldN = 10, FieldFrequencyPenalty = 11,
        FieldPresencePenalty = 12, FieldTools = 13, FieldToolChoice = 14, FieldResponseFormat = 15, FieldReasoningEffort = 16;

    /// <summary>The standard field the reader is on (the names <see cref="ChatCompletionRequestReader"/> consumes), or -1.</summary>
    private static int Field(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("model"u8) ? FieldModel :
        reader.ValueTextEquals("messages"u8) ? FieldMessages :
        reader.ValueTextEquals("stream"u8) ? FieldStream :
        reader.ValueTextEquals("stream_options"u8) ? FieldStreamOptions :
        reader.ValueTextEquals("temperature"u8) ? FieldTemperature :
        reader.ValueTextEquals("top_p"u8) ? FieldTopP :
        reader.ValueTextEquals("max_tokens"u8) ? FieldMaxTokens :
        reader.ValueTextEquals("max_completion_tokens"u8) ? FieldMaxCompletionTokens :
        reader.ValueTextEquals("stop"u8) ? FieldStop :
        reader.ValueTextEquals("seed"u8) ? FieldSeed :
        reader.ValueTextEquals("n"u8) ? FieldN :
        reader.ValueTextEquals("frequency_penalty"u8) ? FieldFrequencyPenalty :
        reader.ValueTextEquals("presence_penalty"u8) ? FieldPresencePenalty :
        reader.ValueTextEquals("tools"u8) ? FieldTools :
        reader.ValueTextEquals("tool_choice"u8) ? FieldToolChoice :
        reader.ValueTextEquals("response_format"u8) ? FieldResponseFormat :
        reader.ValueTextEquals("reasoning_effort"u8) ? FieldReasoningEffort : -1;

    private static bool IsNumberWithin(ref Utf8JsonReader reader, double min, double max) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) && value >= min && value <= max;

    private static bool ScanStreamOptions(ref Utf8JsonReader reader, out bool includeUsage)
    {
        includeUsage = false;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            understood &= isIncludeUsage && reader.TokenType is JsonTokenType.True or JsonTokenType.False;
            includeUsage = isIncludeUsage && reader.TokenType == JsonTokenType.True;
            reader.Skip();
        }

        return understood;
    }

    private static bool IsStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        int count = 0;
        bool strings = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            strings &= reader.TokenType == JsonTokenType.String;
            reader.Skip();
            count++;
        }

        return strings && count > 0;
    }

    private static bool IsJsonObjectFormat(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool jsonObject = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            understood &= isType && !jsonObject;
            jsonObject = isType && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("json_object"u8);
            reader.Skip();
        }

        return understood && jsonObject;
    }

    private static ToolChoiceSupport? ReadToolChoice(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals("auto"u8) ? ToolChoiceSupport.Auto
                : reader.ValueTextEquals("none"u8) ? ToolChoiceSupport.None
                : reader.ValueTextEquals("required"u8) ? ToolChoiceSupport.Required
                : null;
        }

        // {"type":"function","function":{"name":"…"}}, exactly what the writer sends for a named function.
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        bool type = false, name = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                understood &= !type && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("function"u8);
                type = true;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                understood &= !name && reader.TokenType == JsonTokenType.StartObject;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        understood &= reader.ValueTextEquals("name"u8) && !name;
                        reader.Read();
                        understood &= reader.TokenType == JsonTokenType.String;
                        name = true;
                        reader.Skip();
                    }
                }
            }
            else
            {
                understood = false;
            }

            reader.Skip();
        }

        return understood && type && name ? ToolChoiceSupport.Specific : null;
    }

    /// <summary>Every tool: <c>{"type":"function","function":{"name","description"?,"parameters"}}</c>, counted as the
    /// estimate counts a declaration (name, description, the schema's UTF-8 bytes).</summary>
    private static bool ScanTools(ref Utf8JsonReader reader, ref long characters)
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
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                understood = false;
                reader.Skip();
                continue;
            }

            bool type = false, function = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    understood &= !type && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("function"u8);
                    type = true;
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    understood &= !function && ScanFunction(ref reader, ref characters);
                    function = true;
                }
                else
                {
                    understood = false;
                    reader.Read();
                }

                reader.Skip();
            }

            understood &= type && function;
        }

        // An empty list is not sent on by the parsed path.
        return understood && count > 0;
    }

    private static bool ScanFunction(ref Utf8JsonReader reader, ref long characters)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool name = false, parameters = false, description = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int which = reader.ValueTextEquals("name"u8) ? 0 : reader.ValueTextEquals("description"u8) ? 1 : reader.ValueTextEquals("parameters"u8) ? 2 : -1;
            reader.Read();
            switch (which)
            {
                case 0:
                    understood &= !name && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                    characters += StringLength(ref reader);
                    name = true;
                    break;
                case 1:
                    // An empty description is not written back.
                    understood &= !description && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                    characters += StringLength(ref reader);
                    description = true;
                    break;
                case 2:
                    understood &= !parameters && reader.TokenType == JsonTokenType.StartObject;
                    long start = reader.TokenStartIndex;
                    reader.Skip();
                    characters += reader.BytesConsumed - start;
                    parameters = true;
                    break;
                default:
                    understood = false;
                    break;
            }

            reader.Skip();
        }

        // A tool without parameters is sent with an empty schema by the parsed path.
        return understood && name && parameters;
    }

    private const int RoleSystem = 1, RoleUser = 2, RoleAssistant = 3, RoleTool = 4;

    /// <summary>Every message: system and user with string content (and a non-empty <c>name</c>), assistant with string
    /// content or tool calls, tool with its <c>tool_call_id</c> and string content — nothing else.</summary>
    private static bool ScanMessages(ref Utf8JsonReader reader, ref long tokens, ref long characters)
    {
        int count = 0;
        bool understood = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            tokens += UsageEstimator.TokensPerMessage;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                understood = false;
                reader.Skip();
                continue;
            }

            int role = 0;
            bool content = false, contentNull = false, contentEmpty = false, name = false, toolCalls = false, toolCallId = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("role"u8))
                {
                    reader.Read();
                    understood &= role == 0 && reader.TokenType == JsonTokenType.String;
                    role = reader.TokenType != JsonTokenType.String ? -1
                        : reader.ValueTextEquals("system"u8) ? RoleSystem
                        : reader.ValueTextEquals("user"u8) ? RoleUser
                        : reader.ValueTextEquals("assistant"u8) ? RoleAssistant
                        : reader.ValueTextEquals("tool"u8) ? RoleTool
                        : -1;
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    understood &= !content && reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                    content = true;
                    contentNull = reader.TokenType == JsonTokenType.Null;
                    contentEmpty = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 0;
                    characters += StringLength(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    understood &= !name && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                    name = true;
                }
                else if (reader.ValueTextEquals("tool_call_id"u8))
                {
                    reader.Read();
                    understood &= !toolCallId && reader.TokenType == JsonTokenType.String;
                    toolCallId = true;
                }
                else if (reader.ValueTextEquals("tool_calls"u8))
                {
                    reader.Read();
                    understood &= !toolCalls && ScanToolCalls(ref reader, ref characters);
                    toolCalls = true;
                }
                else
                {
                    understood = false;
                    reader.Read();
                }

                reader.Skip();
            }

            understood &= role switch
            {
                RoleSystem or RoleUser => content && !contentNull && !toolCalls && !toolCallId,
                // With tool calls, content is written back as null unless it has text.
                RoleAssistant => !name && !toolCallId && (toolCalls ? !contentEmpty : content && !contentNull),
                RoleTool => toolCallId && content && !contentNull && !name && !toolCalls,
                _ => false,
            };
        }

        return understood && count > 0;
    }

    /// <summary>An assistant message's tool calls: <c>{"id","type":"function","function":{"name","arguments"}}</c> with
    /// arguments that are a JSON object, counted as the estimate counts a parsed call.</summary>
    private static bool ScanToolCalls(ref Utf8JsonReader reader, ref long characters)
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
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                understood = false;
                reader.Skip();
                continue;
            }

            bool id = false, type = false, function = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    understood &= !id && reader.TokenType == JsonTokenType.String;
                    id = true;
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    understood &= !type && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("function"u8);
                    type = true;
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    understood &= !function && ScanCalledFunction(ref reader, ref characters);
                    function = true;
                }
                else
                {
                    understood = false;
                    reader.Read();
                }

                reader.Skip();
            }

            understood &= id && type && function;
        }

        return understood && count > 0;
    }

    private static bool ScanCalledFunction(ref Utf8JsonReader reader, ref long characters)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool name = false, arguments = false, understood = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                understood &= !name && reader.TokenType == JsonTokenType.String;
                characters += StringLength(ref reader);
                name = true;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                long counted = 0;
                understood &= !arguments && reader.TokenType == JsonTokenType.String && ArgumentCharacters(ref reader, out counted);
                characters += counted;
                arguments = true;
            }
            else
            {
                understood = false;
                reader.Read();
            }

            reader.Skip();
        }

        return understood && name && arguments;
    }

    /// <summary>The characters the estimate counts for a call's arguments (a JSON object in a string): 2, plus for every
    /// argument its name, 4, and its value as <see cref="JsonElement.ToString"/> writes it. <see langword="false"/> when
    /// the arguments are not a non-empty JSON object text (the parsed path refuses or rewrites those).</summary>
    private static bool ArgumentCharacters(ref Utf8JsonReader reader, out long characters)
    {
        characters = 0;
        if (reader.ValueSpan.Length == 0)
        {
            return false;
        }

        byte[]? rented = null;
        int length = reader.ValueSpan.Length;
        Span<byte> text = length <= 512 ? stackalloc byte[512] : rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = reader.CopyString(text);
            var arguments = new Utf8JsonReader(text[..written]);
            if (!arguments.Read() || arguments.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            characters = 2;
            while (arguments.Read() && arguments.TokenType == JsonTokenType.PropertyName)
            {
                characters += StringLength(ref arguments) + 4;
                arguments.Read();
                switch (arguments.TokenType)
                {
                    case JsonTokenType.String:
                        characters += StringLength(ref arguments);
                        break;
                    case JsonTokenType.True:
                        characters += bool.TrueString.Length;
                        break;
                    case JsonTokenType.False:
                        characters += bool.FalseString.Length;
                        break;
                    case JsonTokenType.Number:
                        characters += arguments.ValueSpan.Length;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        long start = arguments.TokenStartIndex;
                        arguments.Skip();
                        characters += Encoding.UTF8.GetCharCount(text.Slice((int)start, (int)(arguments.BytesConsumed - start)));
                        break;
                }
            }

            // Nothing may follow the object (JsonDocument.Parse refuses trailing content).
            return !arguments.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The UTF-16 length of the string token the reader is on (0 for any other token), without decoding it.</summary>
    private static int StringLength(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return 0;
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetCharCount(raw);
        }

        int count = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'\\')
            {
                // \uXXXX is one UTF-16 unit (a surrogate pair is two escapes); every other escape is one character.
                i += raw[i + 1] == (byte)'u' ? 5 : 1;
                count++;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // A lead byte: four-byte sequences are surrogate pairs.
                count += b >= 0xF0 ? 2 : 1;
            }
        }

        return count;
    }
}

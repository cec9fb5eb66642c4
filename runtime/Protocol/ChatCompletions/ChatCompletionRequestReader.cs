using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Reads a <c>POST /v1/chat/completions</c> body (the gateway's side of the format whose other side
/// <see cref="ChatCompletionRequestWriter"/> writes) into a <see cref="ChatCompletionRequest"/>. Fields it does not map
/// (provider-specific ones such as <c>top_k</c>, <c>chat_template_kwargs</c> or OpenRouter's <c>provider</c>) pass
/// through to the upstream unchanged, as <see cref="ChatOptions.AdditionalProperties"/> holding <see cref="JsonElement"/>s.
/// </summary>
internal static class ChatCompletionRequestReader
{
    /// <summary>The fields the gateway reads itself; every other field passes through.</summary>
    private static readonly string[] Consumed =
    [
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens", "max_completion_tokens",
        "stop", "seed", "n", "frequency_penalty", "presence_penalty", "tools", "tool_choice", "response_format", "reasoning_effort",
    ];

    /// <summary>Reads a request body; a field of the wrong shape is a <see cref="ChatRequestException"/> naming it.</summary>
    public static ChatCompletionRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("The request body must be a JSON object.");
        }

        string model = root.TryGetProperty("model", out JsonElement modelElement) && modelElement.ValueKind == JsonValueKind.String && modelElement.GetString() is { Length: > 0 } m
            ? m
            : throw new ChatRequestException("'model' is required and must be a string.", "model");
        if (!root.TryGetProperty("messages", out JsonElement messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            throw new ChatRequestException("'messages' is required and must be a non-empty array.", "messages");
        }

        var options = new ChatOptions();
        bool stream = false, includeUsage = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (ConsumedName(property))
            {
                case "stream":
                    stream = value.ValueKind == JsonValueKind.True;
                    break;
                case "stream_options":
                    includeUsage = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("include_usage", out JsonElement include) && include.ValueKind == JsonValueKind.True;
                    break;
                // The ranges are the ones OpenAI documents for these fields; a value outside them (or one no float can
                // hold, such as 1e300) is the client's mistake, answered 400 here rather than an overflow further on.
                case "temperature":
                    options.Temperature = Float(value, property.Name, 0, 2);
                    break;
                case "top_p":
                    options.TopP = Float(value, property.Name, 0, 1);
                    break;
                case "max_tokens" or "max_completion_tokens":
                    options.MaxOutputTokens = value.ValueKind == JsonValueKind.Null ? options.MaxOutputTokens : (int)Integer(value, property.Name, 1, int.MaxValue);
                    break;
                case "seed":
                    options.Seed = value.ValueKind == JsonValueKind.Null ? null : Integer(value, property.Name, long.MinValue, long.MaxValue);
                    break;
                case "frequency_penalty":
                    options.FrequencyPenalty = Float(value, property.Name, -2, 2);
                    break;
                case "presence_penalty":
                    options.PresencePenalty = Float(value, property.Name, -2, 2);
                    break;
                case "n":
                    // One choice per request: several choices would be merged into one answer by every reader on the
                    // way, so n > 1 is refused rather than answered wrongly. n = 1 is the default and is not sent on.
                    if (value.ValueKind != JsonValueKind.Null && Integer(value, property.Name, 1, int.MaxValue) > 1)
                    {
                        throw new ChatRequestException("'n' greater than 1 is not supported: the gateway answers with one choice per request. Send one request per choice.", "n");
                    }

                    break;
                case "stop":
                    options.StopSequences = value.ValueKind switch
                    {
                        JsonValueKind.String => [value.GetString()!],
                        JsonValueKind.Array => value.EnumerateArray().Select(s => s.GetString() ?? "").ToList(),
                        JsonValueKind.Null => null,
                        _ => throw new ChatRequestException("'stop' must be a string or an array of strings.", "stop"),
                    };
                    break;
                case "tools":
                    options.Tools = ReadTools(value);
                    break;
                case "tool_choice":
                    options.ToolMode = ReadToolChoice(value);
                    break;
                case "response_format":
                    options.ResponseFormat = ReadResponseFormat(value);
                    break;
                case "reasoning_effort" when value.ValueKind == JsonValueKind.String:
                    options.Reasoning = new ReasoningOptions { Effort = value.GetString() switch
                    {
                        "low" or "minimal" => ReasoningEffort.Low,
                        "high" => ReasoningEffort.High,
                        _ => ReasoningEffort.Medium,
                    } };
                    break;
                case null:
                    (options.AdditionalProperties ??= [])[property.Name] = value.Clone();
                    break;
            }
        }

        return new ChatCompletionRequest
        {
            Model = model,
            Messages = ReadMessages(messagesElement),
            Options = options,
            Stream = stream,
            IncludeUsage = includeUsage,
        };
    }

    /// <summary>The field's name when the gateway reads it (the constant, so no string is made per request), else <see langword="null"/>.</summary>
    private static string? ConsumedName(JsonProperty property)
    {
        foreach (string name in Consumed)
        {
            if (property.NameEquals(name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>A float field: <see langword="null"/> when the client sent <c>null</c> (OpenAI's "not set"), else a finite
    /// number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    private static float? Float(JsonElement value, string name, float min, float max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new ChatRequestException($"'{name}' must be a number.", name);
        }

        // TryGetDouble refuses a literal beyond double's range (1e400); the range check refuses the rest.
        return value.TryGetDouble(out double number) && number >= min && number <= max
            ? (float)number
            : throw new ChatRequestException($"'{name}' must be a number from {min} to {max}; got {Shown(value)}.", name);
    }

    /// <summary>An integer field within [<paramref name="min"/>, <paramref name="max"/>]; a whole number written with an
    /// exponent or a fraction of zero (<c>1e3</c>, <c>100.0</c>) counts, as it does in JSON Schema.</summary>
    private static long Integer(JsonElement value, string name, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new ChatRequestException($"'{name}' must be an integer.", name);
        }

        long integer;
        if (!value.TryGetInt64(out integer))
        {
            // Not a plain long literal: a whole double inside long's range (2^63 is exactly representable, hence "<").
            if (!value.TryGetDouble(out double number) || number != Math.Floor(number))
            {
                throw new ChatRequestException($"'{name}' must be an integer; got {Shown(value)}.", name);
            }

            if (number < -9.2233720368547758e18 || number >= 9.2233720368547758e18)
            {
                throw new ChatRequestException($"'{name}' must be an integer from {min} to {max}; got {Shown(value)}.", name);
            }

            integer = (long)number;
        }

        return integer >= min && integer <= max
            ? integer
            : throw new ChatRequestException($"'{name}' must be an integer from {min} to {max}; got {Shown(value)}.", name);
    }

    /// <summary>The value as the client wrote it, cut short: a number literal can be megabytes long.</summary>
    private static string Shown(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "…";
    }

    private static List<ChatMessage> ReadMessages(JsonElement messages)
    {
        var result = new List<ChatMessage>();
        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            int at = index++;
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out JsonElement roleElement) || roleElement.GetString() is not { } role)
            {
                throw new ChatRequestException($"'{Where(at)}' must be an object with a 'role'.", Where(at));
            }

            var contents = new List<AIContent>();
            if (message.TryGetProperty("reasoning_content", out JsonElement reasoning) && reasoning.ValueKind == JsonValueKind.String)
            {
                contents.Add(new TextReasoningContent(reasoning.GetString()));
            }

            if (role == "tool")
            {
                string callId = message.TryGetProperty("tool_call_id", out JsonElement id) ? id.GetString() ?? "" : "";
                contents.Add(new FunctionResultContent(callId, ContentText(message)));
                result.Add(new ChatMessage(ChatRole.Tool, contents));
                continue;
            }

            if (message.TryGetProperty("content", out JsonElement content))
            {
                ReadContent(content, contents, at);
            }

            if (message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement call in calls.EnumerateArray())
                {
                    JsonElement function = call.GetProperty("function");
                    string arguments = function.TryGetProperty("arguments", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "{}";
                    contents.Add(new FunctionCallContent(
                        call.TryGetProperty("id", out JsonElement callId) ? callId.GetString() ?? "" : "",
                        function.GetProperty("name").GetString() ?? "",
                        ParseArguments(arguments, at)));
                }
            }

            ChatRole chatRole = role switch
            {
                "system" or "developer" => ChatRole.System,
                "assistant" => ChatRole.Assistant,
                "user" => ChatRole.User,
                _ => throw new ChatRequestException($"'{Where(at)}.role' '{role}' is not one of system, developer, user, assistant, tool.", Where(at) + ".role"),
            };
            result.Add(new ChatMessage(chatRole, contents) { AuthorName = message.TryGetProperty("name", out JsonElement name) ? name.GetString() : null });
        }

        return result;
    }

    /// <summary>A message's place in error messages, built only when there is an error to report.</summary>
    private static string Where(int message) => $"messages[{message}]";

    private static void ReadContent(JsonElement content, List<AIContent> contents, int at)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                contents.Add(new TextContent(content.GetString()));
                return;
            case JsonValueKind.Null:
                return;
            case JsonValueKind.Array:
                foreach (JsonElement part in content.EnumerateArray())
                {
                    string type = part.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
                    switch (type)
                    {
                        case "text":
                            contents.Add(new TextContent(part.GetProperty("text").GetString()));
                            break;
                        case "image_url":
                            string url = part.GetProperty("image_url").GetProperty("url").GetString() ?? "";
                            contents.Add(url.StartsWith("data:", StringComparison.Ordinal)
                                ? new DataContent(url)
                                : new UriContent(new Uri(url), "image/*"));
                            break;
                        case "input_audio":
                            JsonElement audio = part.GetProperty("input_audio");
                            contents.Add(new DataContent(Convert.FromBase64String(audio.GetProperty("data").GetString() ?? ""), "audio/" + (audio.GetProperty("format").GetString() ?? "wav")));
                            break;
                        default:
                            throw new ChatRequestException($"'{Where(at)}.content' has a part of unsupported type '{type}'.", Where(at) + ".content");
                    }
                }

                return;
            default:
                throw new ChatRequestException($"'{Where(at)}.content' must be a string or an array of parts.", Where(at) + ".content");
        }
    }

    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out JsonElement content))
        {
            return "";
        }

        return content.ValueKind == JsonValueKind.Array
            ? string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out JsonElement text) ? text.GetString() : ""))
            : content.GetString() ?? "";
    }

    private static Dictionary<string, object?> ParseArguments(string json, int at)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
            }

            return arguments;
        }
        catch (JsonException)
        {
            throw new ChatRequestException($"'{Where(at)}.tool_calls' has arguments that are not a JSON object.", Where(at) + ".tool_calls");
        }
    }

    private static List<AITool> ReadTools(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new ChatRequestException("'tools' must be an array.", "tools");
        }

        var result = new List<AITool>();
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            if (!tool.TryGetProperty("function", out JsonElement function) || function.TryGetProperty("name", out JsonElement name) is false || name.GetString() is not { Length: > 0 } functionName)
            {
                throw new ChatRequestException("Every tool must be {\"type\":\"function\",\"function\":{\"name\":…}}.", "tools");
            }

            string? description = function.TryGetProperty("description", out JsonElement d) ? d.GetString() : null;
            JsonElement schema = function.TryGetProperty("parameters", out JsonElement p) ? p.Clone() : EmptySchema;
            result.Add(AIFunctionFactory.CreateDeclaration(functionName, description, schema));
        }

        return result;
    }

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    private static ChatToolMode? ReadToolChoice(JsonElement choice) => choice.ValueKind switch
    {
        JsonValueKind.String => choice.GetString() switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            var other => throw new ChatRequestException($"'tool_choice' '{other}' is not auto, none or required.", "tool_choice"),
        },
        JsonValueKind.Object when choice.TryGetProperty("function", out JsonElement f) && f.TryGetProperty("name", out JsonElement n) && n.GetString() is { } name =>
            ChatToolMode.RequireSpecific(name),
        JsonValueKind.Null => null,
        _ => throw new ChatRequestException("'tool_choice' must be a string or {\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice"),
    };

    private static ChatResponseFormat? ReadResponseFormat(JsonElement format)
    {
        string? type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out JsonElement t) ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema" when format.TryGetProperty("json_schema", out JsonElement spec) && spec.TryGetProperty("schema", out JsonElement schema):
                return ChatResponseFormat.ForJsonSchema(
                    schema.Clone(),
                    spec.TryGetProperty("name", out JsonElement name) ? name.GetString() : null,
                    spec.TryGetProperty("description", out JsonElement description) ? description.GetString() : null);
            default:
                throw new ChatRequestException("'response_format' must be {\"type\":\"text\"}, {\"type\":\"json_object\"} or {\"type\":\"json_schema\",\"json_schema\":{\"name\",\"schema\"}}.", "response_format");
        }
    }
}

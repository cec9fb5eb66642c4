using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The form warnings travel in inside <see cref="AdditionalPropertiesDictionary"/>: a <see cref="JsonElement"/> array,
/// because a response's additional properties may be serialized (a distributed cache, a log) and a JSON value needs
/// no type information to be written or read back, under AOT or not.
/// </summary>
internal static class ChatWarnings
{
    /// <summary>The JSON array of <paramref name="warnings"/>.</summary>
    public static JsonElement ToJson(IReadOnlyList<ChatWarning> warnings)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (ChatWarning warning in warnings)
            {
                writer.WriteStartObject();
                writer.WriteString("code", warning.Code);
                writer.WriteString("setting", warning.Setting);
                writer.WriteString("message", warning.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Puts the call's warnings on its response; nothing when there are none.</summary>
    public static ChatResponse Attach(ChatResponse response, JsonElement? warnings)
    {
        if (warnings is { } json)
        {
            (response.AdditionalProperties ??= [])[ChatWarning.WarningsKey] = json;
        }

        return response;
    }

    /// <summary>Puts the call's warnings on a streamed update (the first of the stream); nothing when there are none.</summary>
    public static ChatResponseUpdate Attach(ChatResponseUpdate update, JsonElement? warnings)
    {
        if (warnings is { } json)
        {
            (update.AdditionalProperties ??= [])[ChatWarning.WarningsKey] = json;
        }

        return update;
    }

    public static IReadOnlyList<ChatWarning> ReadFrom(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(ChatWarning.WarningsKey, out object? value) && value is JsonElement json ? ReadFrom(json) : [];

    /// <summary>The warnings of a call as the client attached them (a JSON array), or none.</summary>
    public static IReadOnlyList<ChatWarning> ReadFrom(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var warnings = new List<ChatWarning>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                warnings.Add(new ChatWarning(Read(item, "code"), Read(item, "setting"), Read(item, "message")));
            }
        }

        return warnings;
    }

    private static string Read(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

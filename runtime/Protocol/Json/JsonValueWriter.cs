using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes the loosely typed values that reach the wire — extra body fields, tool-call arguments, tool results —
/// without reflection-based serialization: <see cref="JsonElement"/>, <see cref="JsonNode"/>, strings, booleans,
/// numbers, and maps and sequences of those directly; anything else only through the <see cref="JsonTypeInfo"/>
/// that <see cref="AIJsonUtilities.DefaultOptions"/> resolves for it. A value with no JSON form is refused whole,
/// never written in part.
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>The JSON of <paramref name="value"/>, or <see langword="false"/> when it has none.</summary>
    public static bool TrySerialize(object? value, out ReadOnlyMemory<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(writer, value))
            {
                json = default;
                return false;
            }
        }

        json = buffer.WrittenMemory;
        return true;
    }

    /// <summary>Serializes <paramref name="value"/> as a JSON text (tool-call arguments, tool results that are not strings);
    /// a value with no JSON form becomes its <see cref="object.ToString"/> as a JSON string.</summary>
    public static string ToJsonText(object? value) =>
        TrySerialize(value, out ReadOnlyMemory<byte> json)
            ? System.Text.Encoding.UTF8.GetString(json.Span)
            : JsonSerializer.Serialize(value?.ToString(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(string)));

    /// <summary>Writes <paramref name="value"/> into <paramref name="writer"/>; on <see langword="false"/> the writer holds a partial value
    /// and must be discarded or reset (which <see cref="TrySerialize"/> and <see cref="ToolCallText"/> do).</summary>
    public static bool TryWrite(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case JsonElement element:
                element.WriteTo(writer);
                return true;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                return true;
            case JsonNode node:
                node.WriteTo(writer);
                return true;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int number:
                writer.WriteNumberValue(number);
                return true;
            case long number:
                writer.WriteNumberValue(number);
                return true;
            case float number:
                writer.WriteNumberValue(number);
                return true;
            case double number:
                writer.WriteNumberValue(number);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                return true;
            case ulong number:
                writer.WriteNumberValue(number);
                return true;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    if (!TryWrite(writer, pair.Value))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case IEnumerable<string> texts:
                writer.WriteStartArray();
                foreach (string text in texts)
                {
                    writer.WriteStringValue(text);
                }

                writer.WriteEndArray();
                return true;
            case IEnumerable<object?> items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    if (!TryWrite(writer, item))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                return TryWriteWithTypeInfo(writer, value);
        }
    }

    private static bool TryWriteWithTypeInfo(Utf8JsonWriter writer, object value)
    {
        if (!TryGetTypeInfo(value.GetType(), out JsonTypeInfo? typeInfo))
        {
            return false;
        }

        byte[] json;
        try
        {
            // Serialized apart first: a type the resolver knows may still fail half-way (a member it cannot write).
            json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or JsonException)
        {
            return false;
        }

        writer.WriteRawValue(json, skipInputValidation: true);
        return true;
    }

    private static bool TryGetTypeInfo(Type type, [NotNullWhen(true)] out JsonTypeInfo? typeInfo)
    {
        try
        {
            return AIJsonUtilities.DefaultOptions.TryGetTypeInfo(type, out typeInfo);
        }
        catch (NotSupportedException)
        {
            typeInfo = null;
            return false;
        }
    }
}

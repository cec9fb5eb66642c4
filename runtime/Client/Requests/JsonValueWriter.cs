using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Writes the loosely typed values that reach the wire — extra body fields, tool-call arguments, tool results —
/// without reflection: <see cref="JsonElement"/>, <see cref="JsonNode"/>, strings, booleans and numbers directly;
/// anything else only if <see cref="AIJsonUtilities.DefaultOptions"/> knows its type through source generation.
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>Writes <paramref name="value"/>; <see langword="false"/> (and nothing written) when it has no AOT-safe JSON form.</summary>
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
                        writer.WriteNullValue();
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
            case IEnumerable<object?> items when items.All(CanWrite):
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    TryWrite(writer, item);
                }

                writer.WriteEndArray();
                return true;
            default:
                return TryWriteWithSourceGeneratedInfo(writer, value);
        }
    }

    /// <summary>Whether <see cref="TryWrite"/> can write <paramref name="value"/>.</summary>
    public static bool CanWrite(object? value) =>
        value is null or JsonElement or JsonDocument or JsonNode or string or bool or int or long or float or double or decimal
            or short or byte or sbyte or ushort or uint or ulong or IEnumerable<KeyValuePair<string, object?>> or IEnumerable<string>
        || (value is IEnumerable<object?> items && items.All(CanWrite))
        || TryGetTypeInfo(value.GetType(), out _);

    /// <summary>Serializes <paramref name="value"/> as a JSON text (tool-call arguments, tool results that are not strings).</summary>
    public static string ToJsonText(object? value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(writer, value))
            {
                writer.WriteStringValue(value?.ToString());
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryWriteWithSourceGeneratedInfo(Utf8JsonWriter writer, object value)
    {
        if (!TryGetTypeInfo(value.GetType(), out JsonTypeInfo? typeInfo))
        {
            return false;
        }

        JsonSerializer.Serialize(writer, value, typeInfo);
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

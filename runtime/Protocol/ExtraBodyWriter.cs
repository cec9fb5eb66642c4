using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes the extra top-level body fields (<c>chat_template_kwargs</c>, OpenRouter's <c>provider</c> routing,
/// anything a server understands): <see cref="JsonElement"/>, <see cref="System.Text.Json.Nodes.JsonNode"/> and
/// primitives go out as they are; a value with no reflection-free JSON form is skipped with a warning.
/// </summary>
internal static class ExtraBodyWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> extraBody, OnceLogger log)
    {
        if (extraBody.Count == 0)
        {
            return;
        }

        foreach (KeyValuePair<string, object?> field in extraBody)
        {
            if (!JsonValueWriter.TrySerialize(field.Value, out ReadOnlyMemory<byte> json))
            {
                log.ExtraBodyValueSkipped(field.Key, field.Value!.GetType());
                continue;
            }

            writer.WritePropertyName(field.Key);
            writer.WriteRawValue(json.Span, skipInputValidation: true);
        }
    }
}

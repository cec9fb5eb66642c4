using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Makes a structured-output request one that providers accept: a name matching <c>^[a-zA-Z0-9_-]{1,64}$</c> (the rule
/// of OpenAI's <c>json_schema.name</c> and of every function name), and a root schema that is an object — OpenAI's
/// structured outputs reject any other root, so a list, an array, a primitive or an enum travels wrapped in
/// <c>{"data": …}</c> and is unwrapped from the answer, as Microsoft.Extensions.AI does.
/// </summary>
internal static class StructuredOutputSchema
{
    /// <summary>The property that carries a non-object answer inside the wrapping object.</summary>
    public const string DataPropertyName = "data";

    /// <summary>The longest name providers accept.</summary>
    public const int MaxNameLength = 64;

    /// <summary>A readable, valid name for a type: <c>List&lt;string&gt;</c> is <c>List_String</c>, <c>int[]</c> is <c>Int32_Array</c>.</summary>
    public static string NameFor(Type type)
    {
        var builder = new StringBuilder();
        AppendName(builder, type);
        return SanitizeName(builder.ToString());
    }

    /// <summary>
    /// <paramref name="name"/> with every character outside <c>[a-zA-Z0-9_-]</c> replaced by <c>_</c>, cut to
    /// <see cref="MaxNameLength"/>; <see cref="ResolvedRequest.DefaultStructuredOutputName"/> when nothing is left.
    /// </summary>
    public static string SanitizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ResolvedRequest.DefaultStructuredOutputName;
        }

        ReadOnlySpan<char> kept = name.AsSpan(0, Math.Min(name.Length, MaxNameLength));
        if (!kept.ContainsAnyExcept(NameCharacters) && kept.Length == name.Length)
        {
            // The usual case (a type name, or a name the caller chose well) allocates nothing.
            return name;
        }

        return string.Create(kept.Length, name, static (destination, source) =>
        {
            for (int i = 0; i < destination.Length; i++)
            {
                char c = source[i];
                destination[i] = NameCharacters.Contains(c) ? c : '_';
            }
        });
    }

    /// <summary>Whether <paramref name="schema"/> needs the object around it: its root <c>type</c> is anything but <c>"object"</c>
    /// (an array, a primitive, a list of types, or no type at all as for an enum).</summary>
    public static bool NeedsWrapping(JsonElement schema) =>
        !(schema.ValueKind == JsonValueKind.Object
          && schema.TryGetProperty("type", out JsonElement type)
          && type.ValueKind == JsonValueKind.String
          && type.ValueEquals("object"));

    /// <summary>
    /// <c>{"type":"object","properties":{"data":schema},"required":["data"],"additionalProperties":false}</c>. A <c>$schema</c>
    /// keyword moves to the root (it is only valid there), and local references (<c>#/…</c>, as the exporter writes for
    /// recursive types) are rebased onto their new place under <c>#/properties/data</c>.
    /// </summary>
    public static JsonElement Wrap(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$schema", out JsonElement dialect))
            {
                writer.WritePropertyName("$schema");
                dialect.WriteTo(writer);
            }

            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            writer.WritePropertyName(DataPropertyName);
            WriteRebased(writer, schema, isRoot: true);
            writer.WriteEndObject();
            writer.WriteStartArray("required");
            writer.WriteStringValue(DataPropertyName);
            writer.WriteEndArray();
            writer.WriteBoolean("additionalProperties", false);
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The part of a wrapped answer that is the value asked for: the <c>data</c> property of an object. An answer that
    /// is not wrapped (a provider that follows schemas loosely may answer the bare array) is taken as it is.
    /// </summary>
    public static JsonElement Unwrap(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(DataPropertyName, out JsonElement data) ? data : answer;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static void AppendName(StringBuilder builder, Type type)
    {
        if (type.IsArray)
        {
            AppendName(builder, type.GetElementType()!);
            builder.Append("_Array");
            return;
        }

        string name = type.Name;
        int arity = name.IndexOf('`', StringComparison.Ordinal);
        builder.Append(name, 0, arity < 0 ? name.Length : arity);
        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                builder.Append('_');
                AppendName(builder, argument);
            }
        }
    }

    private static void WriteRebased(Utf8JsonWriter writer, JsonElement element, bool isRoot = false)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (isRoot && property.NameEquals("$schema"))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("$ref") && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { } reference && reference.StartsWith('#'))
                    {
                        writer.WriteStringValue(string.Concat("#/properties/", DataPropertyName, reference.AsSpan(1)));
                    }
                    else
                    {
                        WriteRebased(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteRebased(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}

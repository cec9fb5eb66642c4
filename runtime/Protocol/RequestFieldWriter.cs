using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes the request fields both dialects share the rules of: a parameter is written only when it has a value and
/// the extra body does not override it, and a structured-output schema is its name, description and schema.
/// </summary>
internal static class RequestFieldWriter
{
    public static void WriteString(Utf8JsonWriter writer, ResolvedRequest request, string name, string? value)
    {
        if (value is not null && !request.IsOverridden(name))
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNumber(Utf8JsonWriter writer, ResolvedRequest request, string name, float? value)
    {
        if (value is { } number && !request.IsOverridden(name))
        {
            // As the float it is, in its shortest round-trip form: 0.7f goes out as 0.7 (widening it to a double would
            // write 0.699999988079071) and 1e30f as 1E+30. The resolver has refused NaN and the infinities already.
            writer.WriteNumber(name, number);
        }
    }

    public static void WriteNumber(Utf8JsonWriter writer, ResolvedRequest request, string name, long? value)
    {
        if (value is { } number && !request.IsOverridden(name))
        {
            writer.WriteNumber(name, number);
        }
    }

    /// <summary>Writes <c>name</c>, <c>description</c> (when there is one) and <c>schema</c> of the structured output
    /// into the object being written (<c>response_format.json_schema</c> or <c>text.format</c>).</summary>
    public static void WriteSchemaFields(Utf8JsonWriter writer, ResolvedRequest request)
    {
        writer.WriteString("name", request.StructuredOutputName);
        if (request.StructuredOutputDescription is { Length: > 0 } description)
        {
            writer.WriteString("description", description);
        }

        writer.WritePropertyName("schema");
        request.StructuredOutputSchema!.Value.WriteTo(writer);
    }
}

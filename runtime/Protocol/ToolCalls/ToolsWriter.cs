using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c> for both request dialects: the request's
/// functions plus the structured-output function when structured output goes through function calling; none of them
/// when the extra body overrides the field. Chat completions nest a function's fields under <c>function</c>, the
/// Responses API writes them flat.
/// </summary>
internal static class ToolsWriter
{
    private const string StructuredOutputToolDescription = "Respond with the final answer in this JSON shape.";

    public static void Write(Utf8JsonWriter writer, ResolvedRequest request, bool nestUnderFunction)
    {
        bool structuredTool = request.StructuredOutput == StructuredOutputMode.FunctionCalling;
        if (request.IsOverridden("tools") || (request.Tools.Count == 0 && !structuredTool))
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (AIFunctionDeclaration function in request.Tools)
        {
            WriteFunction(writer, function.Name, function.Description, function.JsonSchema, nestUnderFunction);
        }

        if (structuredTool)
        {
            WriteFunction(
                writer, request.StructuredOutputName, request.StructuredOutputDescription ?? StructuredOutputToolDescription,
                request.StructuredOutputSchema!.Value, nestUnderFunction);
        }

        writer.WriteEndArray();
        if (request.ToolChoice is { } choice && !request.IsOverridden("tool_choice"))
        {
            if (choice.Kind == ToolChoiceSupport.Specific)
            {
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                StartFunctionFields(writer, nestUnderFunction);
                writer.WriteString("name", choice.FunctionName);
                EndFunctionFields(writer, nestUnderFunction);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("tool_choice", choice.WireValue);
            }
        }

        if (request.AllowParallelToolCalls is { } parallel && !request.IsOverridden("parallel_tool_calls"))
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }
    }

    /// <summary>The <c>arguments</c> text of a tool call the conversation sends back: a JSON object, <c>{}</c> when empty.</summary>
    private static void WriteFunction(Utf8JsonWriter writer, string name, string? description, JsonElement schema, bool nestUnderFunction)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        StartFunctionFields(writer, nestUnderFunction);
        writer.WriteString("name", name);
        if (!string.IsNullOrEmpty(description))
        {
            writer.WriteString("description", description);
        }

        writer.WritePropertyName("parameters");
        schema.WriteTo(writer);
        EndFunctionFields(writer, nestUnderFunction);
        writer.WriteEndObject();
    }

    private static void StartFunctionFields(Utf8JsonWriter writer, bool nestUnderFunction)
    {
        if (nestUnderFunction)
        {
            writer.WriteStartObject("function");
        }
    }

    private static void EndFunctionFields(Utf8JsonWriter writer, bool nestUnderFunction)
    {
        if (nestUnderFunction)
        {
            writer.WriteEndObject();
        }
    }
}

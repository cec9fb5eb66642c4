using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>How a structured-output request reaches the provider.</summary>
internal enum StructuredOutputMode
{
    /// <summary>No structured output asked for.</summary>
    None,
    /// <summary><c>response_format: {"type":"json_schema"}</c>.</summary>
    JsonSchema,
    /// <summary><c>response_format: {"type":"json_object"}</c>.</summary>
    JsonMode,
    /// <summary>A function carrying the schema, forced, whose arguments become the answer text.</summary>
    FunctionCalling,
}

/// <summary>
/// One request's parameters after every compatibility rule applied: load-time defaults filled in,
/// parameters the profile does not list dropped, max tokens clamped, <c>tool_choice</c> and
/// <c>response_format</c> filtered, extra body fields merged (per call over load time). Both wire formats
/// (<c>/chat/completions</c> and <c>/responses</c>) write from it.
/// </summary>
internal sealed class ResolvedRequest
{
    /// <summary>The name of the function that carries a structured-output schema when the provider lacks <c>json_schema</c>.</summary>
    public const string DefaultStructuredOutputName = "structured_output";

    public required string Model { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public int? TopK { get; init; }
    public int? MaxTokens { get; init; }
    public IList<string>? Stop { get; init; }
    public long? Seed { get; init; }
    public float? FrequencyPenalty { get; init; }
    public float? PresencePenalty { get; init; }
    public string? ReasoningEffort { get; init; }
    public ReasoningOutput? ReasoningOutput { get; init; }
    public required IReadOnlyList<AIFunctionDeclaration> Tools { get; init; }
    public ToolChoice? ToolChoice { get; init; }
    public StructuredOutputMode StructuredOutput { get; init; }
    public string StructuredOutputName { get; init; } = DefaultStructuredOutputName;
    public string? StructuredOutputDescription { get; init; }
    public JsonElement? StructuredOutputSchema { get; init; }
    public bool? AllowParallelToolCalls { get; init; }

    /// <summary>What the rules changed about the call (<see cref="ChatWarning"/>s as they travel on the response), or
    /// <see langword="null"/> when nothing was changed.</summary>
    public JsonElement? Warnings { get; init; }

    /// <summary>Extra top-level fields, written last; a standard field of the same name is not written.</summary>
    public required IReadOnlyDictionary<string, object?> ExtraBody { get; init; }

    /// <summary>The function name whose call is the structured answer, when <see cref="StructuredOutput"/> uses function calling.</summary>
    public string? StructuredOutputFunction => StructuredOutput == StructuredOutputMode.FunctionCalling ? StructuredOutputName : null;

    public bool IsOverridden(string field) => ExtraBody.ContainsKey(field);
}

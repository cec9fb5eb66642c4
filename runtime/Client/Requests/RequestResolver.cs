using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;

namespace ModelRegistry;

/// <summary>
/// Applies the compatibility rules to one call's <see cref="ChatOptions"/> (see <see cref="ResolvedRequest"/>).
/// </summary>
internal static class RequestResolver
{
    public static ResolvedRequest Resolve(ChatModelConfiguration configuration, ChatOptions? options, OnceLogger log)
    {
        ChatModelSettings? settings = configuration.Settings;
        CompatibilityOptions compatibility = configuration.Compatibility;
        RequestValueCheck.Check(options, settings);
        var filter = new ParameterFilter(configuration, log);

        IReadOnlyList<AIFunctionDeclaration> tools = [];
        if (options?.Tools is { Count: > 0 } declared)
        {
            var functions = new List<AIFunctionDeclaration>(declared.Count);
            foreach (AITool tool in declared)
            {
                if (tool is AIFunctionDeclaration function)
                {
                    functions.Add(function);
                }
            }

            tools = functions;
        }

        StructuredOutputMode structured = StructuredOutputMode.None;
        string structuredName = ResolvedRequest.DefaultStructuredOutputName;
        string? structuredDescription = null;
        System.Text.Json.JsonElement? schema = null;
        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            structuredDescription = json.SchemaDescription;
            if (json.SchemaName is { Length: > 0 } name)
            {
                // The name becomes json_schema.name or a function name: both must match ^[a-zA-Z0-9_-]{1,64}$.
                structuredName = StructuredOutputSchema.SanitizeName(name);
            }

            if (json.Schema is { } jsonSchema)
            {
                schema = jsonSchema;
                structured = (compatibility.SupportedResponseFormat & ResponseFormatSupport.JsonSchema) != 0
                    ? StructuredOutputMode.JsonSchema
                    : StructuredOutputMode.FunctionCalling;
            }
            else if ((compatibility.SupportedResponseFormat & ResponseFormatSupport.JsonMode) != 0)
            {
                structured = StructuredOutputMode.JsonMode;
            }
            else
            {
                filter.Warnings.ResponseFormatFiltered("json_object");
            }
        }

        ToolChoice? toolChoice = null;
        if (structured == StructuredOutputMode.FunctionCalling)
        {
            toolChoice = ToolChoiceResolver.ForceFunction(structuredName, compatibility.SupportedToolChoice, ref filter.Warnings);
        }
        else if (tools.Count > 0)
        {
            toolChoice = ToolChoiceResolver.Resolve(options?.ToolMode, compatibility.SupportedToolChoice, ref filter.Warnings);
        }

        string maxTokensField = compatibility.MaxTokensField == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens";
        int? maxTokens = options?.MaxOutputTokens ?? settings?.MaxTokens;
        if (maxTokens is { } requested && configuration.Profile?.MaxOutputTokens is { } limit && requested > limit)
        {
            filter.Warnings.MaxTokensClamped(maxTokensField, requested, limit);
            maxTokens = limit;
        }

        return new ResolvedRequest
        {
            Model = options?.ModelId ?? configuration.RequestModel,
            Temperature = filter.Keep("temperature", options?.Temperature ?? settings?.Temperature),
            TopP = filter.Keep("top_p", options?.TopP),
            TopK = filter.Keep("top_k", options?.TopK),
            MaxTokens = filter.KeepMaxTokens(maxTokensField, maxTokens),
            Stop = options?.StopSequences is { Count: > 0 } stop && filter.Allows("stop") ? stop : null,
            Seed = filter.Keep("seed", options?.Seed),
            FrequencyPenalty = filter.Keep("frequency_penalty", options?.FrequencyPenalty),
            PresencePenalty = filter.Keep("presence_penalty", options?.PresencePenalty),
            ReasoningEffort = filter.Keep("reasoning_effort", ToWire(options?.Reasoning?.Effort)),
            ReasoningOutput = options?.Reasoning?.Output,
            Tools = tools.Count > 0 && filter.Allows("tools") ? tools : [],
            ToolChoice = toolChoice is not null && filter.Allows("tool_choice") ? toolChoice : null,
            StructuredOutput = structured,
            StructuredOutputName = structuredName,
            StructuredOutputDescription = structuredDescription,
            StructuredOutputSchema = schema,
            AllowParallelToolCalls = tools.Count > 0 ? options?.AllowMultipleToolCalls : null,
            ExtraBody = SingleChoiceGuard.Checked(MergeExtraBody(settings?.ExtraBody, options?.AdditionalProperties, ref filter.Warnings)),

            // Last: every rule above may have added one.
            Warnings = filter.Warnings.ToJson(),
        };
    }

    private static string? ToWire(ReasoningEffort? effort) => effort switch
    {
        null => null,
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        ReasoningEffort.ExtraHigh => "xhigh",
        _ => null,
    };

    private static IReadOnlyDictionary<string, object?> MergeExtraBody(
        IReadOnlyDictionary<string, object?>? loadTime, AdditionalPropertiesDictionary? perCall, ref RequestWarnings warnings)
    {
        if ((loadTime is null || loadTime.Count == 0) && (perCall is null || perCall.Count == 0))
        {
            // Most calls have no extra fields: one shared empty map rather than a new dictionary per call.
            return System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>.Empty;
        }

        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (loadTime is not null)
        {
            foreach (KeyValuePair<string, object?> pair in loadTime)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        if (perCall is not null)
        {
            foreach (KeyValuePair<string, object?> pair in perCall)
            {
                merged[pair.Key] = pair.Value;
            }
        }

        // A value with no reflection-free JSON form is dropped here, so the call's response can say so; the values the
        // gateway and most callers pass (JSON elements and nodes, strings, numbers, booleans) need no trial write.
        List<string>? unwritable = null;
        foreach (KeyValuePair<string, object?> pair in merged)
        {
            if (pair.Value is not (null or JsonElement or JsonNode or string or bool or int or long or double or float or decimal)
                && !JsonValueWriter.TrySerialize(pair.Value, out _))
            {
                (unwritable ??= []).Add(pair.Key);
                warnings.ExtraBodyValueSkipped(pair.Key, pair.Value!.GetType());
            }
        }

        if (unwritable is not null)
        {
            foreach (string key in unwritable)
            {
                merged.Remove(key);
            }
        }

        return merged;
    }

    /// <summary>Drops parameters outside the profile's <c>supported_params</c> (when it lists any and dropping is on),
    /// and holds the call's <see cref="RequestWarnings"/> (a mutable struct: use it from a local variable only).</summary>
    private struct ParameterFilter(ChatModelConfiguration configuration, OnceLogger log)
    {
        public RequestWarnings Warnings = new(log);

        public T? Keep<T>(string parameter, T? value) where T : struct =>
            value is not null && Allows(parameter) ? value : null;

        public string? Keep(string parameter, string? value) =>
            value is not null && Allows(parameter) ? value : null;

        public int? KeepMaxTokens(string field, int? value)
        {
            if (value is null)
            {
                return null;
            }

            // A profile that lists either spelling accepts the limit; the provider's field decides the spelling sent.
            return Lists("max_tokens") || Lists("max_completion_tokens") || Allows(field) ? value : null;
        }

        public bool Allows(string parameter)
        {
            if (Lists(parameter))
            {
                return true;
            }

            Warnings.ParameterDropped(parameter);
            return false;
        }

        private readonly bool Lists(string parameter) =>
            configuration.Profile is not { SupportedParams.IsDefaultOrEmpty: false } profile
            || configuration.Settings is { DropUnsupportedParameters: false }
            || profile.SupportedParams.Contains(parameter, StringComparer.Ordinal);
    }
}

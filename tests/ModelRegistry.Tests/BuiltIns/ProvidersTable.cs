using System.Text;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>
/// The "providers out of the box" markdown table, rendered from the built-in data file. Documentation pages hold it
/// between <see cref="BeginMarker"/> and <see cref="EndMarker"/>; <see cref="ProvidersTableTests"/> fails when a page's
/// copy differs and rewrites it when <c>MODELREGISTRY_UPDATE_BASELINES=1</c>.
/// </summary>
internal static class ProvidersTable
{
    public const string BeginMarker = "<!-- builtin-providers-table:begin (generated from generator/BuiltIns/builtin-providers.json; a test checks it) -->";
    public const string EndMarker = "<!-- builtin-providers-table:end -->";

    public static string Render(IEnumerable<BuiltInEntry> entries)
    {
        var table = new StringBuilder();
        table.Append("| provider | endpoint | API key | defaults |\n");
        table.Append("|---|---|---|---|\n");
        foreach (BuiltInEntry entry in entries)
        {
            table.Append($"| `{entry.Name}` | {Endpoint(entry)} | {Key(entry)} | {Defaults(entry.Compatibility)} |\n");
        }

        return table.ToString();
    }

    private static string Endpoint(BuiltInEntry entry) =>
        entry.BaseUrl is { } url ? $"`{url}`"
        : entry.Name == "openai-compatible" ? "set `OPENAI_COMPATIBLE_BASE_URL`"
        : $"set `{entry.EnvironmentPrefix}_API_BASE`";

    private static string Key(BuiltInEntry entry)
    {
        if (entry.IsLocal)
        {
            return "none (local)";
        }

        string variable = $"`{entry.EnvironmentPrefix}_API_KEY`";
        if (entry.Name == "openai-compatible")
        {
            return variable + " (required for known hosted providers)";
        }

        return entry.Authentication == ProviderAuthentication.ApiKeyHeader
            ? $"{variable} as `api-key` header{(entry.ApiVersion is { } version ? $", `api-version={version}`" : "")}"
            : variable;
    }

    private static string Defaults(CompatibilityOptions options)
    {
        var parts = new List<string>
        {
            "tool_choice: " + List(options.SupportedToolChoice == 0 ? [] :
            [
                (options.SupportedToolChoice.HasFlag(ToolChoiceSupport.Auto), "auto"),
                (options.SupportedToolChoice.HasFlag(ToolChoiceSupport.None), "none"),
                (options.SupportedToolChoice.HasFlag(ToolChoiceSupport.Required), "required"),
                (options.SupportedToolChoice.HasFlag(ToolChoiceSupport.Specific), "specific"),
            ]),
            "response_format: " + List(
            [
                (options.SupportedResponseFormat.HasFlag(ResponseFormatSupport.JsonSchema), "json_schema"),
                (options.SupportedResponseFormat.HasFlag(ResponseFormatSupport.JsonMode), "json_mode"),
            ]),
        };
        if (options.MaxTokensField == MaxTokensField.MaxCompletionTokens)
        {
            parts.Add("`max_completion_tokens`");
        }

        if (options.ReasoningFieldName == ReasoningFieldName.Reasoning)
        {
            parts.Add("reasoning field `reasoning`");
        }

        if (options.ReasoningContentKeepType != ReasoningContentKeepType.Discard)
        {
            parts.Add($"reasoning kept: {options.ReasoningContentKeepType.ToString().ToLowerInvariant()}");
        }

        if (options.ReasoningTag is { } tag)
        {
            parts.Add($"reasoning in `<{tag}>`");
        }

        if (!options.IncludeUsage)
        {
            parts.Add("no `stream_options`");
        }

        return string.Join("; ", parts);

        static string List((bool Set, string Name)[] values) =>
            values.Any(v => v.Set) ? string.Join(", ", values.Where(v => v.Set).Select(v => v.Name)) : "not sent";
    }
}

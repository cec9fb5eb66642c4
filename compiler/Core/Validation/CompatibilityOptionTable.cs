using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>
/// The compatibility options (DESIGN.md, "compatibility options"), one row each: the <c>[ModelProvider]</c> named
/// argument and run-time property, the JSON key, the valid values and the run-time member each is emitted as, the
/// default, and where the value lives in <see cref="CompatibilitySpec"/>. The attribute parser, the profile parser
/// (<see cref="ProfileCompatibilityReader"/>), the emitter (<c>RegistryDataEmitter</c>) and the docs
/// (docs/diagnostics.md, MR0002, checked by a test) all read this table: adding an option is a row here, a property
/// of <see cref="CompatibilitySpec"/> to hold it, and the run-time property of the same name.
/// </summary>
internal static class CompatibilityOptionTable
{
    /// <summary>Marks an option without a default value (<see cref="ReasoningTag"/>). First: the rows below use it.</summary>
    public static readonly object Unset = new();

    public static readonly CompatibilityOption SupportedToolChoice = new(
        nameof(SupportedToolChoice), "supported_tool_choice", CompatibilityValueKind.Set, "ToolChoiceSupport",
        new[] { ("auto", "Auto"), ("none", "None"), ("required", "Required"), ("specific", "Specific") },
        new ImmutableEquatableArray<string>(new[] { "auto" }),
        spec => spec.SupportedToolChoice,
        (spec, value) => spec with { SupportedToolChoice = (ImmutableEquatableArray<string>)value });

    public static readonly CompatibilityOption SupportedResponseFormat = new(
        nameof(SupportedResponseFormat), "supported_response_format", CompatibilityValueKind.Set, "ResponseFormatSupport",
        new[] { ("json_schema", "JsonSchema"), ("json_mode", "JsonMode") },
        ImmutableEquatableArray<string>.Empty,
        spec => spec.SupportedResponseFormat,
        (spec, value) => spec with { SupportedResponseFormat = (ImmutableEquatableArray<string>)value },
        aliases: new Dictionary<string, string> { ["json_object"] = "json_mode" });

    public static readonly CompatibilityOption ReasoningContentKeepType = new(
        nameof(ReasoningContentKeepType), "reasoning_content_keep_type", CompatibilityValueKind.Choice, "ReasoningContentKeepType",
        new[] { ("discard", "Discard"), ("temp", "Temp"), ("retain", "Retain") },
        "discard",
        spec => spec.ReasoningContentKeepType,
        (spec, value) => spec with { ReasoningContentKeepType = (string)value },
        // langchain-dev-utils 1.4.5 renamed the option reasoning_keep_policy, with these values.
        aliases: new Dictionary<string, string> { ["never"] = "discard", ["current"] = "temp", ["all"] = "retain" });

    public static readonly CompatibilityOption IncludeUsage = new(
        nameof(IncludeUsage), "include_usage", CompatibilityValueKind.Boolean, "bool",
        new[] { ("true", "true"), ("false", "false") },
        true,
        spec => spec.IncludeUsage,
        (spec, value) => spec with { IncludeUsage = (bool)value });

    public static readonly CompatibilityOption ReasoningFieldName = new(
        nameof(ReasoningFieldName), "reasoning_field_name", CompatibilityValueKind.Choice, "ReasoningFieldName",
        new[] { ("reasoning_content", "ReasoningContent"), ("reasoning", "Reasoning") },
        "reasoning_content",
        spec => spec.ReasoningFieldName,
        (spec, value) => spec with { ReasoningFieldName = (string)value });

    public static readonly CompatibilityOption MaxTokensField = new(
        nameof(MaxTokensField), "max_tokens_field", CompatibilityValueKind.Choice, "MaxTokensField",
        new[] { ("max_tokens", "MaxTokens"), ("max_completion_tokens", "MaxCompletionTokens") },
        "max_tokens",
        spec => spec.MaxTokensField,
        (spec, value) => spec with { MaxTokensField = (string)value });

    /// <summary>No default tag: <see cref="Unset"/> stands for "none" (an empty string is never valid).</summary>
    public static readonly CompatibilityOption ReasoningTag = new(
        nameof(ReasoningTag), "reasoning_tag", CompatibilityValueKind.Tag, "string",
        System.Array.Empty<(string, string)>(),
        Unset,
        spec => spec.ReasoningTag,
        (spec, value) => spec with { ReasoningTag = (string)value });

    /// <summary>Every option, in the order generated code assigns them.</summary>
    public static readonly IReadOnlyList<CompatibilityOption> All = new[]
    {
        SupportedToolChoice, SupportedResponseFormat, ReasoningContentKeepType, IncludeUsage, ReasoningFieldName, MaxTokensField, ReasoningTag,
    };

    /// <summary>The JSON keys, in table order (what an unknown-key did-you-mean searches).</summary>
    public static readonly string[] JsonKeys = Keys();

    private static readonly Dictionary<string, CompatibilityOption> ByJsonKey = Index(o => o.JsonKey);

    private static readonly Dictionary<string, CompatibilityOption> ByPropertyName = Index(o => o.PropertyName);

    /// <summary>Other JSON keys of an option: langchain-dev-utils 1.4.5's <c>reasoning_keep_policy</c>.</summary>
    public static readonly IReadOnlyDictionary<string, CompatibilityOption> JsonKeyAliases = new Dictionary<string, CompatibilityOption>
    {
        ["reasoning_keep_policy"] = ReasoningContentKeepType,
    };

    public static CompatibilityOption? FindJsonKey(string key) =>
        ByJsonKey.TryGetValue(key, out CompatibilityOption? option) || JsonKeyAliases.TryGetValue(key, out option) ? option : null;

    public static CompatibilityOption? FindProperty(string name) => ByPropertyName.TryGetValue(name, out CompatibilityOption? option) ? option : null;

    /// <summary>Every option at its default (<see cref="CompatibilitySpec.Defaults"/>).</summary>
    public static CompatibilitySpec Defaults()
    {
        CompatibilitySpec spec = CompatibilitySpec.Unset;
        foreach (CompatibilityOption option in All)
        {
            if (!ReferenceEquals(option.Default, Unset))
            {
                spec = option.Set(spec, option.Default);
            }
        }

        return spec;
    }

    private static string[] Keys()
    {
        var keys = new string[All.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = All[i].JsonKey;
        }

        return keys;
    }

    private static Dictionary<string, CompatibilityOption> Index(System.Func<CompatibilityOption, string> key)
    {
        var index = new Dictionary<string, CompatibilityOption>(System.StringComparer.Ordinal);
        foreach (CompatibilityOption option in All)
        {
            index.Add(key(option), option);
        }

        return index;
    }
}

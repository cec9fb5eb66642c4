using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>Reads <c>compatibility_options</c> objects (and flat compatibility keys of a <c>providers</c> entry), reporting MR0002 at the offending value.</summary>
internal static class ProfileCompatibilityReader
{
    /// <summary>Reads a whole <c>compatibility_options</c> object; unknown keys are reported.</summary>
    public static CompatibilitySpec? Read(JsonPropertyNode property, ProfileDiagnosticSink sink)
    {
        if (sink.ReadObject(property.Name, property.Value) is not { } options)
        {
            return null;
        }

        var builder = new CompatibilityBuilder();
        var seen = new HashSet<string>();
        foreach (JsonPropertyNode option in options.Properties)
        {
            if (!seen.Add(option.Name))
            {
                sink.Report(DiagnosticDescriptors.DuplicateModel, option.NameSpan, "Key", option.Name, " in this object");
            }
            else if (!TryRead(option, builder, sink))
            {
                sink.UnknownKey(option, "compatibility option", ProfileSchema.CompatibilityKeys);
            }
        }

        return builder.Build();
    }

    /// <summary>Reads <paramref name="option"/> into <paramref name="builder"/> if it is a compatibility key.</summary>
    /// <returns>Whether the key is a compatibility key (valid value or not).</returns>
    public static bool TryRead(JsonPropertyNode option, CompatibilityBuilder builder, ProfileDiagnosticSink sink)
    {
        switch (option.Name)
        {
            case ProfileSchema.SupportedToolChoice:
                builder.SupportedToolChoice = ReadSet(option, CompatibilityValues.ToolChoice, sink) ?? builder.SupportedToolChoice;
                return true;
            case ProfileSchema.SupportedResponseFormat:
                builder.SupportedResponseFormat = ReadSet(option, CompatibilityValues.ResponseFormat, sink) ?? builder.SupportedResponseFormat;
                return true;
            case ProfileSchema.ReasoningContentKeepType:
                builder.ReasoningContentKeepType = ReadChoice(option, CompatibilityValues.ReasoningContentKeepType, sink) ?? builder.ReasoningContentKeepType;
                return true;
            case ProfileSchema.ReasoningFieldName:
                builder.ReasoningFieldName = ReadChoice(option, CompatibilityValues.ReasoningFieldName, sink) ?? builder.ReasoningFieldName;
                return true;
            case ProfileSchema.MaxTokensField:
                builder.MaxTokensField = ReadChoice(option, CompatibilityValues.MaxTokensField, sink) ?? builder.MaxTokensField;
                return true;
            case ProfileSchema.IncludeUsage:
                builder.IncludeUsage = sink.ReadBoolean(option.Name, option.Value) ?? builder.IncludeUsage;
                return true;
            case ProfileSchema.ReasoningTag:
                if (sink.ReadString(option.Name, option.Value) is { } tag)
                {
                    if (CompatibilityValues.IsValidReasoningTag(tag))
                    {
                        builder.ReasoningTag = tag;
                    }
                    else
                    {
                        sink.Report(DiagnosticDescriptors.UnknownCompatibilityValue, option.Value.Span, tag, option.Name,
                            "a tag name of letters, digits, '-', '_' or '.' without angle brackets, for example think", "");
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static ImmutableEquatableArray<string>? ReadSet(JsonPropertyNode option, string[] valid, ProfileDiagnosticSink sink)
    {
        if (sink.ReadStringArray(option.Name, option.Value) is not { } values)
        {
            return null;
        }

        var accepted = new List<string>(values.Count);
        foreach ((string value, Microsoft.CodeAnalysis.Text.TextSpan span) in values)
        {
            if (CompatibilityValues.Normalize(valid, value) is { } normalized)
            {
                accepted.Add(normalized);
            }
            else
            {
                sink.UnknownCompatibilityValue(span, value, option.Name, valid);
            }
        }

        return CompatibilityValues.ToSet(accepted);
    }

    private static string? ReadChoice(JsonPropertyNode option, string[] valid, ProfileDiagnosticSink sink)
    {
        if (sink.ReadString(option.Name, option.Value) is not { } value)
        {
            return null;
        }

        if (CompatibilityValues.Normalize(valid, value) is { } normalized)
        {
            return normalized;
        }

        sink.UnknownCompatibilityValue(option.Value.Span, value, option.Name, valid);
        return null;
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>Reads <c>compatibility_options</c> objects (and flat compatibility keys of a <c>providers</c> entry), one
/// <see cref="CompatibilityOptionTable"/> row per key, reporting MR0002 at the offending value.</summary>
internal static class ProfileCompatibilityReader
{
    /// <summary>Reads a whole <c>compatibility_options</c> object; unknown keys are reported.</summary>
    public static CompatibilitySpec? Read(JsonPropertyNode property, ProfileValueReader sink)
    {
        if (sink.ReadObject(property.Name, property.Value) is not { } options)
        {
            return null;
        }

        CompatibilitySpec compatibility = CompatibilitySpec.Unset;
        var seen = new HashSet<string>();
        foreach (JsonPropertyNode option in options.Properties)
        {
            if (!seen.Add(option.Name))
            {
                sink.Report(DiagnosticDescriptors.DuplicateModel, option.NameSpan, "Key", option.Name, " in this object");
            }
            else if (!TryRead(option, ref compatibility, sink))
            {
                sink.UnknownKey(option, "compatibility option", CompatibilityOptionTable.JsonKeys);
            }
        }

        return compatibility;
    }

    /// <summary>Reads <paramref name="property"/> into <paramref name="compatibility"/> if it is a compatibility key.</summary>
    /// <returns>Whether the key is a compatibility key (valid value or not).</returns>
    public static bool TryRead(JsonPropertyNode property, ref CompatibilitySpec compatibility, ProfileValueReader sink)
    {
        if (CompatibilityOptionTable.FindJsonKey(property.Name) is not { } option)
        {
            return false;
        }

        object? value = option.Kind switch
        {
            CompatibilityValueKind.Set => ReadSet(property, option, sink),
            CompatibilityValueKind.Choice => ReadChoice(property, option, sink),
            CompatibilityValueKind.Boolean => sink.ReadBoolean(property.Name, property.Value),
            _ => ReadTag(property, option, sink),
        };
        if (value is not null)
        {
            compatibility = option.Set(compatibility, value);
        }

        return true;
    }

    private static ImmutableEquatableArray<string>? ReadSet(JsonPropertyNode property, CompatibilityOption option, ProfileValueReader sink)
    {
        if (sink.ReadStringArray(property.Name, property.Value) is not { } values)
        {
            return null;
        }

        var accepted = new List<string>(values.Count);
        foreach ((string value, TextSpan span) in values)
        {
            if (option.Normalize(value) is { } normalized)
            {
                accepted.Add(normalized);
            }
            else
            {
                sink.UnknownCompatibilityValue(span, value, option);
            }
        }

        return CompatibilityValues.ToSet(accepted);
    }

    private static string? ReadChoice(JsonPropertyNode property, CompatibilityOption option, ProfileValueReader sink)
    {
        if (sink.ReadString(property.Name, property.Value) is not { } value)
        {
            return null;
        }

        if (option.Normalize(value) is { } normalized)
        {
            return normalized;
        }

        sink.UnknownCompatibilityValue(property.Value.Span, value, option);
        return null;
    }

    private static string? ReadTag(JsonPropertyNode property, CompatibilityOption option, ProfileValueReader sink)
    {
        if (sink.ReadString(property.Name, property.Value) is not { } tag)
        {
            return null;
        }

        if (CompatibilityValues.IsValidReasoningTag(tag))
        {
            return tag;
        }

        sink.Report(DiagnosticDescriptors.UnknownCompatibilityValue, property.Value.Span, tag, property.Name, option.DescribeValid(), "");
        return null;
    }
}

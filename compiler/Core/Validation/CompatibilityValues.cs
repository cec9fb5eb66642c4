using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Compiler;

/// <summary>
/// The valid values of every compatibility option, in their canonical wire spelling (DESIGN.md, "compatibility
/// options"). Values are matched ordinally: <c>Auto</c> is reported with a did-you-mean rather than guessed.
/// </summary>
internal static class CompatibilityValues
{
    public static readonly string[] ToolChoice = { "auto", "none", "required", "specific" };

    /// <summary><c>json_object</c> (the wire name) is also accepted and normalised to <c>json_mode</c>.</summary>
    public static readonly string[] ResponseFormat = { "json_schema", "json_mode" };

    public static readonly string[] ReasoningContentKeepType = { "discard", "temp", "retain" };

    public static readonly string[] ReasoningFieldName = { "reasoning_content", "reasoning" };

    public static readonly string[] MaxTokensField = { "max_tokens", "max_completion_tokens" };

    /// <summary>The values of the option named <paramref name="option"/> as spelled in messages.</summary>
    public static string Describe(IEnumerable<string> values) => string.Join(", ", values);

    /// <summary>Normalises <paramref name="value"/> to its canonical spelling, or returns <see langword="null"/> when it is not valid.</summary>
    public static string? Normalize(string[] valid, string value)
    {
        if (ReferenceEquals(valid, ResponseFormat) && value == "json_object")
        {
            return "json_mode";
        }

        return Array.IndexOf(valid, value) >= 0 ? value : null;
    }

    /// <summary>The closest valid value to an invalid one (what MR0002 suggests and its fix writes), or <see langword="null"/>.</summary>
    public static string? Closest(string[] valid, string value) =>
        ClosestMatch.Find(value, ReferenceEquals(valid, ResponseFormat) ? valid.Concat(new[] { "json_object" }) : valid);

    /// <summary>The message tail for an invalid value: the closest valid value, if any.</summary>
    public static string DidYouMean(string[] valid, string value) =>
        Closest(valid, value) is { } closest ? $" (did you mean '{closest}'?)" : string.Empty;

    /// <summary>A reasoning tag is an XML-like tag name: a letter, then letters, digits, <c>-</c>, <c>_</c>, <c>.</c>.</summary>
    public static bool IsValidReasoningTag(string tag)
    {
        if (tag.Length == 0 || !IsAsciiLetter(tag[0]))
        {
            return false;
        }

        foreach (char c in tag)
        {
            if (!IsAsciiLetter(c) && !(c >= '0' && c <= '9') && c is not '-' and not '_' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sorted, de-duplicated, as stored in <see cref="CompatibilitySpec"/>.</summary>
    public static ImmutableEquatableArray<string> ToSet(IEnumerable<string> values) =>
        values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToImmutableEquatableArray();

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

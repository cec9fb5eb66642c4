using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Compiler;

/// <summary>
/// Value rules shared by every compatibility option (<see cref="CompatibilityOptionTable"/> holds the options and their
/// values). Values are matched ordinally: <c>Auto</c> is reported with a did-you-mean rather than guessed.
/// </summary>
internal static class CompatibilityValues
{
    /// <summary>Values as spelled in messages.</summary>
    public static string Describe(IEnumerable<string> values) => string.Join(", ", values);

    /// <summary>The closest valid spelling to an invalid value (what MR0002 suggests and its fix writes), or <see langword="null"/>.</summary>
    public static string? Closest(CompatibilityOption option, string value) => ClosestMatch.Find(value, option.Spellings);

    /// <summary>The message tail for an invalid value: the closest valid value, if any.</summary>
    public static string DidYouMean(CompatibilityOption option, string value) =>
        Closest(option, value) is { } closest ? $" (did you mean '{closest}'?)" : string.Empty;

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

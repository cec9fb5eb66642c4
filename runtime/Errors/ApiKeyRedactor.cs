using System.Text;

namespace ModelRegistry;

/// <summary>
/// Takes an API key out of text that came from a provider (an error message, an HTML page) before it reaches an
/// exception, a log line or an answer: some providers echo the key they rejected.
/// </summary>
/// <remarks>
/// A long key is replaced wherever it appears: it cannot be inside a word by accident. A short one (local servers
/// are commonly given <c>EMPTY</c>, <c>none</c> or <c>k</c>) is replaced only where it stands as a token of its own —
/// not preceded or followed by a character a key can hold (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>) — so the key
/// <c>k</c> leaves "4096 tokens" alone. A full stop that ends a sentence ("Invalid key EMPTY.") is punctuation,
/// not part of the key.
/// </remarks>
internal static class ApiKeyRedactor
{
    /// <summary>What a redacted key reads as.</summary>
    public const string Mask = "***";

    /// <summary>From this length on a key is redacted wherever it appears. Real provider keys are far longer (32+);
    /// the placeholders local servers take (<c>EMPTY</c>, <c>not-needed</c>, <c>lm-studio</c>) are shorter.</summary>
    internal const int LongKeyLength = 16;

    /// <summary><paramref name="text"/> with every occurrence of <paramref name="apiKey"/> that is the key replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (apiKey.Length >= LongKeyLength)
        {
            return text.Replace(apiKey, Mask, StringComparison.Ordinal);
        }

        int match = text.IndexOf(apiKey, StringComparison.Ordinal);
        if (match < 0)
        {
            return text;
        }

        StringBuilder? redacted = null;
        int copied = 0;
        while (match >= 0)
        {
            int end = match + apiKey.Length;
            if (StandsAlone(text, match, end))
            {
                redacted ??= new StringBuilder(text.Length);
                redacted.Append(text, copied, match - copied).Append(Mask);
                copied = end;
                match = text.IndexOf(apiKey, end, StringComparison.Ordinal);
            }
            else
            {
                match = text.IndexOf(apiKey, match + 1, StringComparison.Ordinal);
            }
        }

        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool StandsAlone(string text, int start, int end) => !ContinuesBefore(text, start) && !ContinuesAfter(text, end);

    /// <summary>Whether the token goes on after <paramref name="end"/>: a key character follows, other than full stops
    /// that only end a sentence (followed by a space, other punctuation or the end of the text).</summary>
    private static bool ContinuesAfter(string text, int end)
    {
        int next = end;
        while (next < text.Length && text[next] == '.')
        {
            next++;
        }

        return next < text.Length && IsKeyCharacter(text[next]);
    }

    /// <summary>The same as <see cref="ContinuesAfter"/>, looking backwards from <paramref name="start"/>.</summary>
    private static bool ContinuesBefore(string text, int start)
    {
        int previous = start - 1;
        while (previous >= 0 && text[previous] == '.')
        {
            previous--;
        }

        return previous >= 0 && IsKeyCharacter(text[previous]);
    }

    private static bool IsKeyCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || (c > 127 && char.IsLetterOrDigit(c));
}

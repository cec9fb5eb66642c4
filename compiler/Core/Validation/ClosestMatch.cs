using System;
using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>Did-you-mean suggestions: the candidate with the smallest case-insensitive edit distance, if close enough.</summary>
internal static class ClosestMatch
{
    public static string? Find(string requested, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(requested, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Farther than a third of the word is a different word, not a typo.
        return best is not null && bestDistance <= Math.Max(2, requested.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string: inserted into a diagnostic message right after the unknown value.</summary>
    public static string DidYouMean(string requested, IEnumerable<string> candidates) =>
        Find(requested, candidates) is { } match ? $" (did you mean '{match}'?)" : string.Empty;

    private static int Distance(string a, string b)
    {
        // Long inputs are never typos of short keywords; bounding the work keeps fuzzed input cheap.
        if (Math.Abs(a.Length - b.Length) > 16)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            int[] swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }
}

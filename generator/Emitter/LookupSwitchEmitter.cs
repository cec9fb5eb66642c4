using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Generator;

/// <summary>
/// Writes an allocation-free, case-insensitive string lookup as a decision tree: <c>switch</c> on the span's length,
/// then on the lower-cased character at the position that best splits the remaining keys, and finally one
/// <c>System.Text.Ascii.EqualsIgnoreCase</c> against the single candidate left. Cost grows with the depth of the tree,
/// not with the number of keys, and nothing is built at start-up.
/// </summary>
/// <remarks>
/// <c>(char)(c | 0x20)</c> folds ASCII upper-case letters onto lower-case ones; two characters that the final
/// comparison considers equal (the same character, or ASCII letters differing in case) always fold to the same value, so the tree never rejects a key that
/// the final comparison would accept. Characters that fold together without being equal are told apart by that comparison.
/// </remarks>
internal static class LookupSwitchEmitter
{
    /// <summary>One key and the expression returned when the span equals it.</summary>
    public readonly record struct Entry(string Key, string Result);

    /// <summary>Writes statements that <c>return</c> the result of the key <paramref name="span"/> equals, else <paramref name="notFound"/>.</summary>
    public static void Write(SourceWriter writer, string span, IReadOnlyList<Entry> entries, string notFound)
    {
        if (entries.Count > 0)
        {
            writer.OpenBlock($"switch ({span}.Length)");
            foreach (IGrouping<int, Entry> sameLength in entries.GroupBy(e => e.Key.Length).OrderBy(g => g.Key))
            {
                writer.WriteLine($"case {sameLength.Key}:");
                writer.Indent();
                WriteNode(writer, span, sameLength.OrderBy(e => e.Key, System.StringComparer.Ordinal).ToList(), new HashSet<int>());
                writer.WriteLine("break;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine($"return {notFound};");
    }

    private static void WriteNode(SourceWriter writer, string span, List<Entry> entries, HashSet<int> decidedPositions)
    {
        if (entries.Count == 1)
        {
            WriteComparison(writer, span, entries[0]);
            return;
        }

        int position = BestSplittingPosition(entries, decidedPositions);
        if (position < 0)
        {
            // Keys that no folded character tells apart differ only in characters the final comparison decides.
            foreach (Entry entry in entries)
            {
                WriteComparison(writer, span, entry);
            }

            return;
        }

        writer.OpenBlock($"switch ((char)({span}[{position}] | 0x20))");
        var decided = new HashSet<int>(decidedPositions) { position };
        foreach (IGrouping<char, Entry> branch in entries.GroupBy(e => Fold(e.Key[position])).OrderBy(g => g.Key))
        {
            writer.WriteLine($"case {SourceWriter.CharLiteral(branch.Key)}:");
            writer.Indent();
            WriteNode(writer, span, branch.ToList(), decided);
            writer.WriteLine("break;");
            writer.Unindent();
        }

        writer.CloseBlock();
    }

    /// <summary>ASCII keys use the vectorized <c>Ascii.EqualsIgnoreCase</c>; it reports any non-ASCII text unequal, so keys with
    /// non-ASCII characters (model ids can be anything) use the runtime's comparison with the same semantics: ASCII letters
    /// ignore case, every other character must be equal.</summary>
    private static void WriteComparison(SourceWriter writer, string span, Entry entry)
    {
        string comparison = entry.Key.All(c => c < 0x80)
            ? "global::System.Text.Ascii.EqualsIgnoreCase"
            : "global::ModelRegistry.GeneratedRegistrySupport.EqualsIgnoringAsciiCase";
        writer.WriteLine($"if ({comparison}({span}, {SourceWriter.StringLiteral(entry.Key)})) return {entry.Result};");
    }

    /// <summary>The undecided position with the most distinct folded characters (the first on ties), or -1 when none has two.</summary>
    private static int BestSplittingPosition(List<Entry> entries, HashSet<int> decidedPositions)
    {
        int best = -1, bestDistinct = 1;
        int length = entries[0].Key.Length;
        for (int position = 0; position < length; position++)
        {
            if (decidedPositions.Contains(position))
            {
                continue;
            }

            int distinct = entries.Select(e => Fold(e.Key[position])).Distinct().Count();
            if (distinct > bestDistinct)
            {
                (best, bestDistinct) = (position, distinct);
                if (distinct == entries.Count)
                {
                    break;
                }
            }
        }

        return best;
    }

    private static char Fold(char c) => (char)(c | 0x20);
}

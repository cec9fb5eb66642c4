using System.Collections.Generic;
using System.Linq;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>
/// Writes an allocation-free, case-insensitive string lookup as a decision tree: <c>switch</c> on the span's length,
/// then on the lower-cased character at the position that best splits the remaining keys, and finally one comparison
/// against the single candidate left: a call into the runtime's <c>ModelRegistry.GeneratedLookup.EqualsKey</c>, which the JIT
/// inlines, so that the comparison can be fixed or made faster by a package update instead of a rebuild of every user's
/// assembly (docs/benchmarks.md, section 1, holds its cost). Cost grows with the depth of the tree,
/// not with the number of keys, and nothing is built at start-up. A lookup of more keys than one method should decide
/// (hundreds of providers, or a provider with hundreds of models) dispatches each length to a helper method of its own,
/// because the JIT stops optimising a method whose tree exceeds its basic-block budget.
/// </summary>
/// <remarks>
/// <c>(char)(c | 0x20)</c> folds ASCII upper-case letters onto lower-case ones; two characters that the final
/// comparison considers equal (the same character, or ASCII letters differing in case) always fold to the same value, so the tree never rejects a key that
/// the final comparison would accept. Characters that fold together without being equal are told apart by that comparison.
/// </remarks>
internal static class LookupSwitchEmitter
{
    /// <summary>The most keys one generated method decides. The JIT optimises a method only while it stays within its
    /// basic-block budget; a tree of 1,000 keys in one method exceeds it and is compiled with MinOpts (about 60 times
    /// slower, see docs/benchmarks.md), while trees of a little over 100 keys are optimised.</summary>
    private const int MaxKeysPerMethod = 128;

    /// <summary>A branch with at most this many keys stays in its parent method: a call would cost more than it saves.</summary>
    private const int MaxKeysInline = 4;

    /// <summary>One key and the expression returned when the span equals it.</summary>
    public readonly record struct Entry(string Key, string Result);

    /// <summary>The shape of a lookup method: <c>private static {ReturnType} {Name}({SpanType} {Span})</c>, returning
    /// <see cref="NotFound"/> for a key it does not hold; <see cref="Attributes"/> is written above it and every helper.
    /// <see cref="PassedSpan"/>, when set, is a second parameter of the same type that the method and its helpers only
    /// hand on to the results (a profile lookup by provider passes the model id on to that provider's model lookup).</summary>
    public readonly record struct Method(string Name, string ReturnType, string SpanType, string Span, string NotFound, string Attributes, string? PassedSpan = null)
    {
        /// <summary>The parameter list of the method and of each of its helpers.</summary>
        public string Parameters => PassedSpan is null ? $"{SpanType} {Span}" : $"{SpanType} {Span}, {SpanType} {PassedSpan}";

        /// <summary>The arguments a call into a helper passes.</summary>
        public string Arguments => PassedSpan is null ? Span : $"{Span}, {PassedSpan}";
    }

    /// <summary>Writes <paramref name="method"/> (after the caller's doc comment) and, when it holds more keys than one
    /// method should, the private helpers it calls: one per name length, and below that one per character branch while
    /// a helper would still hold too many keys. Helper names extend <see cref="Method.Name"/> with <c>_Length{n}</c> and
    /// <c>_{branch index}</c>, so they never collide with each other or with another lookup's.</summary>
    public static void WriteMethod(SourceWriter writer, Method method, IReadOnlyList<Entry> entries)
    {
        var helpers = new Queue<Helper>();
        writer.WriteLine(method.Attributes);
        writer.OpenBlock($"private static {method.ReturnType} {method.Name}({method.Parameters})");
        bool outline = entries.Count > MaxKeysPerMethod;
        if (entries.Count > 0)
        {
            writer.OpenBlock($"switch ({method.Span}.Length)");
            foreach (IGrouping<int, Entry> sameLength in entries.GroupBy(e => e.Key.Length).OrderBy(g => g.Key))
            {
                List<Entry> bucket = sameLength.OrderBy(e => e.Key, System.StringComparer.Ordinal).ToList();
                if (outline && bucket.Count > MaxKeysInline)
                {
                    string helper = $"{method.Name}_Length{sameLength.Key}";
                    helpers.Enqueue(new Helper(helper, $"keys of length {sameLength.Key}", bucket, new HashSet<int>()));
                    writer.WriteLine($"case {sameLength.Key}: return {helper}({method.Arguments});");
                    continue;
                }

                writer.WriteLine($"case {sameLength.Key}:");
                writer.Indent();
                WriteNode(writer, method, bucket, new HashSet<int>(), outlineInto: null);
                writer.WriteLine("break;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine($"return {method.NotFound};");
        writer.CloseBlock();
        writer.WriteLine();

        while (helpers.Count > 0)
        {
            Helper helper = helpers.Dequeue();
            writer.WriteLine($"/// <summary>The part of <c>{method.Name}</c> that decides {helper.Description}.</summary>");
            writer.WriteLine(method.Attributes);
            writer.OpenBlock($"private static {method.ReturnType} {helper.Name}({method.Parameters})");
            Outliner? outliner = helper.Entries.Count > MaxKeysPerMethod ? new Outliner(helper, helpers) : null;
            WriteNode(writer, method, helper.Entries, helper.DecidedPositions, outliner);
            writer.WriteLine($"return {method.NotFound};");
            writer.CloseBlock();
            writer.WriteLine();
        }
    }

    private static void WriteNode(SourceWriter writer, Method method, List<Entry> entries, HashSet<int> decidedPositions, Outliner? outlineInto)
    {
        string span = method.Span;
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

        // The length switch above proved the position in range (a constant index the JIT can check against the length).
        writer.OpenBlock($"switch ((char)({span}[{position.ToString(System.Globalization.CultureInfo.InvariantCulture)}] | 0x20))");
        var decided = new HashSet<int>(decidedPositions) { position };
        foreach (IGrouping<char, Entry> branch in entries.GroupBy(e => Fold(e.Key[position])).OrderBy(g => g.Key))
        {
            List<Entry> branchEntries = branch.ToList();
            if (outlineInto is not null && branchEntries.Count > MaxKeysInline)
            {
                // Only the first character switch of an oversized helper is split; each part is checked again when written.
                writer.WriteLine($"case {SourceWriter.CharLiteral(branch.Key)}: return {outlineInto.Add(branchEntries, decided, position, branch.Key)}({method.Arguments});");
                continue;
            }

            writer.WriteLine($"case {SourceWriter.CharLiteral(branch.Key)}:");
            writer.Indent();
            WriteNode(writer, method, branchEntries, decided, outlineInto: null);
            writer.WriteLine("break;");
            writer.Unindent();
        }

        writer.CloseBlock();
    }

    /// <summary>A helper method still to write: its name, what it decides (for its doc comment), its keys, and the positions its callers already switched on.</summary>
    private sealed record Helper(string Name, string Description, List<Entry> Entries, HashSet<int> DecidedPositions);

    /// <summary>Moves the branches of one oversized helper into helpers of their own, numbered in order.</summary>
    private sealed class Outliner(Helper parent, Queue<Helper> pending)
    {
        private int _count;

        public string Add(List<Entry> entries, HashSet<int> decidedPositions, int position, char folded)
        {
            string name = $"{parent.Name}_{_count++}";
            string character = SourceWriter.XmlText(SourceWriter.CharLiteral(folded));
            pending.Enqueue(new Helper(name, $"{parent.Description} whose character {position} folds to {character}", entries, decidedPositions));
            return name;
        }
    }

    /// <summary>The final comparison, for any key (ASCII letters ignore case, every other character must be equal).</summary>
    private static void WriteComparison(SourceWriter writer, string span, Entry entry) =>
        writer.WriteLine($"if (global::ModelRegistry.GeneratedLookup.EqualsKey({span}, {SourceWriter.StringLiteral(entry.Key)})) return {entry.Result};");

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

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelRegistry.Generator;

/// <summary>
/// Writes the final comparison of a generated lookup inline: a span whose length is already known to equal an ASCII
/// key's is read in chunks (128-bit vectors of eight characters for keys of eight or more, otherwise 64-, 32- or 16-bit
/// integers), the case bit <c>0x20</c> is set in the characters where the key has a letter, and each chunk is compared
/// with a constant the generator computed from the key. This replaces a call to <c>System.Text.Ascii.EqualsIgnoreCase</c>,
/// whose general-purpose loop cost about as much as the rest of the lookup (docs/benchmarks.md, section 1).
/// </summary>
/// <remarks>
/// <para>The comparison has exactly the semantics of <c>Ascii.EqualsIgnoreCase</c> against an ASCII key. Where the key
/// has a letter, <c>x | 0x20</c> equals its lower case only for <c>x</c> its lower or upper case: the operation
/// changes bit 5 and nothing else, so the other 15 bits of <c>x</c> must already be the letter's. Everywhere else
/// (digits, <c>-</c>, <c>.</c>, <c>_</c>, <c>:</c>, <c>/</c> …) the character is compared exactly, so a character
/// that would fold onto it (<c>'\r' | 0x20 == '-'</c>) never matches. A non-ASCII character has high bits that no
/// key character has, so it never matches either.</para>
/// <para>Vector elements are characters on every machine; the integer constants are laid out for a little-endian read
/// (the first character in the lowest 16 bits). Where the vector is not hardware-accelerated, or the machine is
/// big-endian, the emitted code calls <c>Ascii.EqualsIgnoreCase</c> instead: <c>Vector128.IsHardwareAccelerated</c> and
/// <c>BitConverter.IsLittleEndian</c> are constants to the JIT, so only one branch is compiled. Reads go through
/// <c>Unsafe</c> on the span's reference, which needs no <c>unsafe</c> context, and never outside the span: a read of
/// <c>w</c> characters starts at most at <c>length - w</c>, the last one overlapping the one before it.</para>
/// </remarks>
internal static class AsciiComparisonEmitter
{
    private const string ReadChars8 = "__ReadChars8";
    private const string ReadChars4 = "__ReadChars4";
    private const string ReadChars2 = "__ReadChars2";
    private const string ReadChar = "__ReadChar";
    private const string Vector128 = "global::System.Runtime.Intrinsics.Vector128";

    /// <summary>The expression reading the character at <paramref name="position"/> of <paramref name="span"/>
    /// without a bounds check; valid only where the span's length is known to exceed <paramref name="position"/>.</summary>
    public static string CharacterAt(string span, int position) =>
        $"{ReadChar}({span}, {position.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Writes the comparison of <paramref name="span"/> (whose length equals the key's) with the ASCII
    /// <paramref name="key"/>, returning <paramref name="result"/> when they are equal ignoring ASCII case.</summary>
    public static void WriteComparison(SourceWriter writer, string span, string key, string result)
    {
        string literal = SourceWriter.StringLiteral(key);
        List<Chunk> chunks = Chunks(key.Length);
        if (chunks.Count > 0)
        {
            writer.WriteLine($"// {literal}: {Describe(chunks)}; letters compared with their case bit set");
        }

        string inline = chunks.Count == 0 ? "true"
            : chunks[0].Width == 8 ? $"({string.Join(" | ", chunks.Select(c => VectorTerm(span, key, c)))}) == {Vector128}<ushort>.Zero"
            : $"({string.Join(" | ", chunks.Select(c => IntegerTerm(span, key, c)))}) == 0";
        string fast = chunks.Count > 0 && chunks[0].Width == 8 ? $"{Vector128}.IsHardwareAccelerated" : "global::System.BitConverter.IsLittleEndian";
        writer.WriteLine($"if ({fast} ? {inline} : global::System.Text.Ascii.EqualsIgnoreCase({span}, {literal})) return {result};");
    }

    /// <summary>Writes the private readers the comparisons call, once per registry class. Each reads
    /// characters at a character index without a bounds check; the lookups call them only at indexes their length
    /// switch has proven in range.</summary>
    public static void WriteReaders(SourceWriter writer, string attributes)
    {
        const string Span = "global::System.ReadOnlySpan<char>";
        const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
        const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        const string Element = Unsafe + ".Add(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(text), index)";
        (string Name, string Type, string What, string Read)[] readers =
        [
            (ReadChars8, $"{Vector128}<ushort>", "The eight characters of <paramref name=\"text\"/> from <paramref name=\"index\"/> as one vector",
                $"{Vector128}.LoadUnsafe(ref {Unsafe}.As<char, ushort>(ref {Element}))"),
            (ReadChars4, "ulong", "The four characters of <paramref name=\"text\"/> from <paramref name=\"index\"/> as one 64-bit value",
                $"{Unsafe}.ReadUnaligned<ulong>(ref {Unsafe}.As<char, byte>(ref {Element}))"),
            (ReadChars2, "uint", "The two characters of <paramref name=\"text\"/> from <paramref name=\"index\"/> as one 32-bit value",
                $"{Unsafe}.ReadUnaligned<uint>(ref {Unsafe}.As<char, byte>(ref {Element}))"),
            (ReadChar, "ushort", "The character of <paramref name=\"text\"/> at <paramref name=\"index\"/>", $"(ushort){Element}"),
        ];
        foreach ((string name, string type, string what, string read) in readers)
        {
            writer.WriteLine($"/// <summary>{what}, without a bounds check: callers have checked the length.</summary>");
            writer.WriteLine(attributes);
            writer.WriteLine(Inline);
            writer.WriteLine($"private static {type} {name}({Span} text, int index) => {read};");
            writer.WriteLine();
        }
    }

    /// <summary>One read: <see cref="Width"/> characters from <see cref="Start"/>.</summary>
    private readonly record struct Chunk(int Start, int Width);

    /// <summary>The reads that cover <paramref name="length"/> characters: the widest that fits, every one in range,
    /// the last one moved back to end at the last character (overlapping the one before it).</summary>
    private static List<Chunk> Chunks(int length)
    {
        int width = length >= 8 ? 8 : length >= 4 ? 4 : length >= 2 ? 2 : 1;
        var chunks = new List<Chunk>();
        for (int start = 0; start < length; start += width)
        {
            chunks.Add(new Chunk(System.Math.Min(start, length - width), width));
        }

        return chunks;
    }

    private static string Describe(List<Chunk> chunks)
    {
        string unit = chunks[0].Width switch { 8 => "128-bit", 4 => "64-bit little-endian", 2 => "32-bit little-endian", _ => "16-bit" };
        IEnumerable<string> ranges = chunks.Select(c => c.Width == 1
            ? $"char {c.Start.ToString(CultureInfo.InvariantCulture)}"
            : $"chars {c.Start.ToString(CultureInfo.InvariantCulture)}-{(c.Start + c.Width - 1).ToString(CultureInfo.InvariantCulture)}");
        return $"{unit} reads of {string.Join(", ", ranges)}";
    }

    /// <summary>The term that is zero exactly when the chunk equals the key's characters, ignoring case where they are letters.</summary>
    private static string IntegerTerm(string span, string key, Chunk chunk)
    {
        ulong mask = 0, value = 0;
        for (int i = 0; i < chunk.Width; i++)
        {
            char c = key[chunk.Start + i];
            bool letter = IsLetter(c);
            mask |= (ulong)(letter ? 0x20 : 0) << (16 * i);
            value |= (ulong)(letter ? (char)(c | 0x20) : c) << (16 * i);
        }

        string read = chunk.Width switch { 4 => ReadChars4, 2 => ReadChars2, _ => ReadChar };
        string suffix = chunk.Width switch { 4 => "UL", 2 => "U", _ => "" };
        string load = $"{read}({span}, {chunk.Start.ToString(CultureInfo.InvariantCulture)})";
        string masked = mask == 0 ? load : $"({load} | {Hex(mask, chunk.Width)}{suffix})";
        return $"({masked} ^ {Hex(value, chunk.Width)}{suffix})";
    }

    /// <summary>The vector term that is zero exactly when the chunk equals the key's characters, ignoring case where they are letters.</summary>
    private static string VectorTerm(string span, string key, Chunk chunk)
    {
        string[] masks = new string[chunk.Width];
        string[] values = new string[chunk.Width];
        for (int i = 0; i < chunk.Width; i++)
        {
            char c = key[chunk.Start + i];
            bool letter = IsLetter(c);
            masks[i] = letter ? "0x20" : "0";
            values[i] = SourceWriter.CharLiteral(letter ? (char)(c | 0x20) : c);
        }

        string load = $"{ReadChars8}({span}, {chunk.Start.ToString(CultureInfo.InvariantCulture)})";
        string masked = masks.All(m => m == "0") ? load
            : masks.All(m => m == "0x20") ? $"({load} | {Vector128}.Create((ushort)0x20))"
            : $"({load} | {Vector128}.Create((ushort){string.Join(", ", masks)}))";
        return $"({masked} ^ {Vector128}.Create((ushort){string.Join(", ", values)}))";
    }

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z';

    /// <summary>A hexadecimal literal with one digit group per character, the last character first.</summary>
    private static string Hex(ulong value, int characters)
    {
        var builder = new StringBuilder("0x");
        for (int i = characters - 1; i >= 0; i--)
        {
            builder.Append(((value >> (16 * i)) & 0xFFFF).ToString("X4", CultureInfo.InvariantCulture));
            if (i > 0)
            {
                builder.Append('_');
            }
        }

        return builder.ToString();
    }
}

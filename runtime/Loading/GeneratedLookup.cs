using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelRegistry;

/// <summary>
/// The final comparison of the lookups the ModelRegistry generator emits (<c>TryGetProvider</c>, <c>TryGetProfile</c>,
/// <c>LoadChatModel</c>): the generated switch tree narrows a name to one candidate key, and this decides whether the
/// name is that key. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// The comparison lives here, not in the generated code, so that a fix or a faster version reaches every registry with
/// a package update instead of a rebuild of every user's assembly. It is inlined into the generated lookup, and compares
/// eight characters per 128-bit vector step (shorter names in one step, read as one 64- or 32-bit value): where the key
/// has an ASCII letter the case bit <c>0x20</c> is set in both characters, everywhere else they must be equal. Both
/// sides are read the same way, so the result does not depend on the machine's byte order; no read leaves either text.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedLookup
{
    /// <summary>Whether <paramref name="text"/> equals <paramref name="key"/> with ASCII letters compared ignoring case and
    /// every other character exactly: what <see cref="System.Text.Ascii.EqualsIgnoreCase(System.ReadOnlySpan{char}, System.ReadOnlySpan{char})"/>
    /// answers for an ASCII key, and what <see cref="GeneratedRegistrySupport.EqualsIgnoringAsciiCase"/> answers for any key.</summary>
    /// <param name="text">The name being looked up.</param>
    /// <param name="key">The candidate key.</param>
    /// <returns><see langword="true"/> when they are equal ignoring ASCII case.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsKey(ReadOnlySpan<char> text, string key)
    {
        int length = key.Length;
        if (text.Length != length)
        {
            return false;
        }

        if (!Vector128.IsHardwareAccelerated)
        {
            return GeneratedRegistrySupport.EqualsIgnoringAsciiCase(text, key);
        }

        ref ushort left = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        ref ushort right = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(key.AsSpan()));
        if (length >= 8)
        {
            // Eight characters per step, the last step moved back to end at the last character (overlapping the one before).
            Vector128<ushort> difference = Vector128<ushort>.Zero;
            for (int offset = 0; offset < length - 8; offset += 8)
            {
                difference |= Difference(Vector128.LoadUnsafe(ref left, (nuint)offset), Vector128.LoadUnsafe(ref right, (nuint)offset));
            }

            nuint last = (nuint)(length - 8);
            difference |= Difference(Vector128.LoadUnsafe(ref left, last), Vector128.LoadUnsafe(ref right, last));
            return difference == Vector128<ushort>.Zero;
        }

        if (length >= 4)
        {
            // Characters 0-3 and length-4 to length-1 (overlapping), each read as one 64-bit value into a vector.
            nuint last = (nuint)(length - 4);
            return (Difference(Load4(ref left, 0), Load4(ref right, 0)) | Difference(Load4(ref left, last), Load4(ref right, last)))
                == Vector128<ushort>.Zero;
        }

        if (length >= 2)
        {
            nuint last = (nuint)(length - 2);
            return (Difference(Load2(ref left, 0), Load2(ref right, 0)) | Difference(Load2(ref left, last), Load2(ref right, last)))
                == Vector128<ushort>.Zero;
        }

        // One character (or none: two empty texts are equal).
        return length == 0 || Difference(Vector128.CreateScalar(left), Vector128.CreateScalar(right)) == Vector128<ushort>.Zero;
    }

    /// <summary>The provider at <paramref name="index"/>, the result of a generated provider switch (-1 when the name
    /// matched none): the body of every generated <c>TryGetProvider</c>.</summary>
    /// <param name="providers">The registry's providers.</param>
    /// <param name="index">The index the switch returned, or -1.</param>
    /// <param name="provider">The provider, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="index"/> is not negative.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetAt(ImmutableArray<ProviderInfo> providers, int index, [MaybeNullWhen(false)] out ProviderInfo provider)
    {
        if (index < 0)
        {
            provider = null;
            return false;
        }

        provider = providers[index];
        return true;
    }

    /// <summary>The result of a generated profile switch as a try-pattern: the body of every generated <c>TryGetProfile</c>.</summary>
    /// <param name="found">The profile the switch returned, or <see langword="null"/>.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="found"/> is not <see langword="null"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Found(ModelProfile? found, [MaybeNullWhen(false)] out ModelProfile profile)
    {
        profile = found;
        return found is not null;
    }

    /// <summary>Zero in every lane where <paramref name="text"/> equals <paramref name="key"/>, ignoring the case bit
    /// only where the key has an ASCII letter. Unused lanes are zero on both sides, which is no letter and equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Difference(Vector128<ushort> text, Vector128<ushort> key)
    {
        // A character is an ASCII letter exactly when its case-folded value is 'a'..'z' (no other character folds there).
        Vector128<ushort> caseBit = Vector128.Create((ushort)0x20);
        Vector128<ushort> isLetter = Vector128.LessThan((key | caseBit) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)26));
        Vector128<ushort> ignored = isLetter & caseBit;
        return (text | ignored) ^ (key | ignored);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load4(ref ushort start, nuint offset) =>
        Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref start, offset)))).AsUInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Load2(ref ushort start, nuint offset) =>
        Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref start, offset)))).AsUInt16();
}

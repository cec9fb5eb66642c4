using System.Collections.Immutable;
using System.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// What a diagnostic tells its code fix, through <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>: the fixers
/// (a separate assembly, RS1038) never re-run validation, they apply the value the rule already computed.
/// </summary>
internal static class FixProperties
{
    /// <summary>The string value that replaces the string literal (C#) or JSON string the diagnostic underlines.</summary>
    public const string Replacement = "Replacement";

    /// <summary>MR0015: the declared provider closest to the unknown one.</summary>
    public const string ClosestProvider = "ClosestProvider";

    /// <summary>MR0024: the factory type is declared in source without a method of the expected shape; the fix adds
    /// <see cref="ClientFactoryResolver.ExpectedSignature"/> to it.</summary>
    public const string AddFactoryMethod = "AddFactoryMethod";

    /// <summary>MR0027 on a tool mode: the <c>ChatToolMode</c> member (<c>Auto</c>, <c>RequireAny</c>) the provider accepts,
    /// which the fix writes instead. A <c>MaxOutputTokens</c> above the limit carries the limit as <see cref="Replacement"/>.</summary>
    public const string ToolMode = "ToolMode";

    public static ImmutableDictionary<string, string?> None { get; } = ImmutableDictionary<string, string?>.Empty;

    /// <summary>Properties carrying <paramref name="replacement"/>, or none when there is no replacement to offer.</summary>
    public static ImmutableDictionary<string, string?> Replace(string? replacement) =>
        string.IsNullOrEmpty(replacement) ? None : None.Add(Replacement, replacement);

    /// <summary>MR0001's fix: <paramref name="name"/> with every character a provider name may not hold replaced by <c>-</c>.</summary>
    public static string? ValidProviderName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var builder = new StringBuilder(name!.Length);
        foreach (char c in name)
        {
            builder.Append(ProviderRules.NameProblem(c.ToString()) is null ? c : '-');
        }

        return builder.ToString();
    }
}

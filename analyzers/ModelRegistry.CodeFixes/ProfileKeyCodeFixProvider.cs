using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0005: renames an unknown profile key to the closest known one (<c>max_input_tokns</c> → <c>max_input_tokens</c>) in the JSON file.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProfileKeyCodeFixProvider), DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) })]
[Shared]
public sealed class ProfileKeyCodeFixProvider : StringValueCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnknownProfileKey);

    /// <inheritdoc/>
    protected override string EquivalenceKey => RuleIdentifiers.UnknownProfileKey + ".ClosestKey";

    /// <inheritdoc/>
    protected override string Title(string replacement) => $"Rename the key to '{replacement}'";
}

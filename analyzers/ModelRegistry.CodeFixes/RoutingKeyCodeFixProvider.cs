using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0025: renames an unknown route or pricing key to the closest known one (<c>provder</c> → <c>provider</c>) in the JSON file.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RoutingKeyCodeFixProvider), DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) })]
[Shared]
public sealed class RoutingKeyCodeFixProvider : StringValueCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnknownRoutingKey);

    /// <inheritdoc/>
    protected override string EquivalenceKey => RuleIdentifiers.UnknownRoutingKey + ".ClosestKey";

    /// <inheritdoc/>
    protected override string Title(string replacement) => $"Rename the key to '{replacement}'";
}

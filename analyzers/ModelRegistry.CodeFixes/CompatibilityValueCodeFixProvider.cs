using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0002: the closest valid compatibility value (<c>requried</c> → <c>required</c>, <c>json-schema</c> → <c>json_schema</c>), in C# and JSON.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompatibilityValueCodeFixProvider), DocumentKinds = new[] { nameof(TextDocumentKind.Document), nameof(TextDocumentKind.AdditionalDocument) })]
[Shared]
public sealed class CompatibilityValueCodeFixProvider : StringValueCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnknownCompatibilityValue);

    /// <inheritdoc/>
    protected override string EquivalenceKey => RuleIdentifiers.UnknownCompatibilityValue + ".ClosestValue";

    /// <inheritdoc/>
    protected override string Title(string replacement) => $"Change to '{replacement}'";
}

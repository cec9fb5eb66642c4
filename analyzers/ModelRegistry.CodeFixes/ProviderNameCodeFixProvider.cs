using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0001: replaces every character a provider name may not hold with <c>-</c> (<c>vllm:local</c> → <c>vllm-local</c>), in C# and JSON.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProviderNameCodeFixProvider), DocumentKinds = new[] { nameof(TextDocumentKind.Document), nameof(TextDocumentKind.AdditionalDocument) })]
[Shared]
public sealed class ProviderNameCodeFixProvider : StringValueCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.InvalidProviderName);

    /// <inheritdoc/>
    protected override string EquivalenceKey => RuleIdentifiers.InvalidProviderName + ".ReplaceInvalidCharacters";

    /// <inheritdoc/>
    protected override string Title(string replacement) => $"Rename the provider to '{replacement}'";
}

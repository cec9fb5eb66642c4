using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0015: rewrites a <c>LoadChatModel</c> literal or a keyed <c>IChatClient</c>'s key to use the closest declared provider
/// (<c>"vlm:qwen3"</c> → <c>"vllm:qwen3"</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelIdProviderCodeFixProvider))]
[Shared]
public sealed class ModelIdProviderCodeFixProvider : StringValueCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnknownProviderInModelId);

    /// <inheritdoc/>
    protected override string EquivalenceKey => RuleIdentifiers.UnknownProviderInModelId + ".ClosestProvider";

    /// <inheritdoc/>
    protected override string Title(string replacement) => $"Change to \"{replacement}\" (a declared provider)";
}

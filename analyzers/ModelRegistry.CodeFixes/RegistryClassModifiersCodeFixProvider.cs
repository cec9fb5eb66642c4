using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>MR0019 adds <c>partial</c> (to the registry class or a containing type), MR0020 adds <c>static</c>; the
/// <see cref="SyntaxGenerator"/> puts each modifier in its conventional place (<c>public static partial class</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RegistryClassModifiersCodeFixProvider))]
[Shared]
public sealed class RegistryClassModifiersCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RuleIdentifiers.RegistryClassNotPartial,
        RuleIdentifiers.RegistryClassNotStatic);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            bool addStatic = diagnostic.Id == RuleIdentifiers.RegistryClassNotStatic;
            string modifier = addStatic ? "static" : "partial";
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{declaration.Identifier.ValueText}' {modifier}",
                    ct => AddModifierAsync(context.Document, declaration, addStatic, ct),
                    diagnostic.Id + ".Add" + modifier),
                diagnostic);
        }
    }

    private static async Task<Document> AddModifierAsync(Document document, TypeDeclarationSyntax declaration, bool addStatic, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        DeclarationModifiers modifiers = editor.Generator.GetModifiers(declaration);
        editor.SetModifiers(declaration, addStatic ? modifiers.WithIsStatic(true) : modifiers.WithPartial(true));
        return editor.GetChangedDocument();
    }
}

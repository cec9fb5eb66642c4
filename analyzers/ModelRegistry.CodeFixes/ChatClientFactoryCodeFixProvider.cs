using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>
/// MR0024, when the factory type is a class of this solution with no method of the expected shape: adds
/// <c>public static IChatClient Create(ChatModelConfiguration configuration)</c> to it (in whichever document declares
/// it), its body the library's own OpenAI-compatible client over the resolved configuration, so the provider works at
/// once and the body is the one line to change for another client — the IDE's "generate method", with the one
/// signature generated code calls. A near miss (a method that is not static, say) gets no fix:
/// the message names what to change in it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChatClientFactoryCodeFixProvider))]
[Shared]
public sealed class ChatClientFactoryCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnusableChatClientFactory);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(FixProperties.AddFactoryMethod)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<TypeOfExpressionSyntax>() is not { } typeOf
                || model.GetTypeInfo(typeOf.Type, context.CancellationToken).Type is not INamedTypeSymbol factory
                || factory.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
            {
                continue;
            }

            Solution solution = context.Document.Project.Solution;
            if (solution.GetDocument(reference.SyntaxTree) is not { } target)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add '{ClientFactoryResolver.ExpectedSignature}' to '{factory.Name}'",
                    ct => AddMethodAsync(target, reference, ct),
                    RuleIdentifiers.UnusableChatClientFactory + ".AddMethod"),
                diagnostic);
        }
    }

    private static async Task<Solution> AddMethodAsync(Document document, SyntaxReference reference, CancellationToken cancellationToken)
    {
        if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not TypeDeclarationSyntax declaration)
        {
            return document.Project.Solution;
        }

        MethodDeclarationSyntax method = SyntaxFactory.MethodDeclaration(
                SyntaxFactory.ParseTypeName("global::Microsoft.Extensions.AI.IChatClient"),
                ClientFactoryResolver.PreferredName)
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword))
            .AddParameterListParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier("configuration"))
                .WithType(SyntaxFactory.ParseTypeName("global::ModelRegistry.ChatModelConfiguration")))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression(
                "new global::ModelRegistry.OpenAICompatibleChatClient(configuration)")))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.AddMember(declaration, method);
        Document changed = await Simplifier.ReduceAsync(editor.GetChangedDocument(), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return changed.Project.Solution;
    }
}

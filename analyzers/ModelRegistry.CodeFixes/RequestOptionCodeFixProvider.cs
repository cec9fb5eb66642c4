using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ModelRegistry.Compiler;

namespace ModelRegistry.CodeFixes;

/// <summary>
/// MR0027's fixes, with the value the rule computed: a <c>MaxOutputTokens</c> above the profile's limit becomes the limit
/// (<see cref="FixProperties.Replacement"/>); a tool mode the provider does not accept becomes the one it does
/// (<see cref="FixProperties.ToolMode"/>: <c>ChatToolMode.RequireSpecific("f")</c> → <c>ChatToolMode.RequireAny</c>,
/// <c>ChatToolMode.RequireAny</c> → <c>ChatToolMode.Auto</c>), keeping the way <c>ChatToolMode</c> is written.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequestOptionCodeFixProvider))]
[Shared]
public sealed class RequestOptionCodeFixProvider : CodeFixProvider
{
    private const string ClampKey = RuleIdentifiers.UnsupportedRequestOption + ".ClampMaxOutputTokens";
    private const string ToolModeKey = RuleIdentifiers.UnsupportedRequestOption + ".ToolMode";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnsupportedRequestOption);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                continue;
            }

            if (diagnostic.Properties.TryGetValue(FixProperties.Replacement, out string? limitText)
                && int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit))
            {
                ExpressionSyntax clamped = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(limit));
                context.RegisterCodeFix(
                    CodeAction.Create($"Clamp MaxOutputTokens to {limitText} (the profile's max_output_tokens)", ct => ReplaceAsync(context.Document, value, clamped, ct), ClampKey),
                    diagnostic);
            }
            else if (diagnostic.Properties.TryGetValue(FixProperties.ToolMode, out string? member) && member is { Length: > 0 }
                && ToolModeOwner(value) is { } owner)
            {
                ExpressionSyntax mode = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner.WithoutTrivia(), SyntaxFactory.IdentifierName(member));
                context.RegisterCodeFix(
                    CodeAction.Create($"Use ChatToolMode.{member} (a tool mode the provider accepts)", ct => ReplaceAsync(context.Document, value, mode, ct), ToolModeKey),
                    diagnostic);
            }
        }
    }

    /// <summary>How <c>ChatToolMode</c> is written in <c>X.RequireAny</c> or <c>X.RequireSpecific(…)</c>; other shapes get no fix.</summary>
    private static ExpressionSyntax? ToolModeOwner(ExpressionSyntax value) => value switch
    {
        MemberAccessExpressionSyntax member => member.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Expression,
        _ => null,
    };

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(value, replacement.WithTriviaFrom(value));
        return editor.GetChangedDocument();
    }
}

using System.Collections.Immutable;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Generator;

namespace ModelRegistry.CodeFixes;

/// <summary>
/// The fixes that replace one string value with the value the rule computed (<see cref="FixProperties.Replacement"/>):
/// a C# string literal through <see cref="DocumentEditor"/>, or a JSON string of an AdditionalFile through a text edit of
/// that <see cref="TextDocument"/>. Diagnostics without a replacement (nothing close enough) get no fix.
/// </summary>
public abstract class StringValueCodeFixProvider : CodeFixProvider
{
    /// <summary>The title shown in the lightbulb for <paramref name="replacement"/>.</summary>
    protected abstract string Title(string replacement);

    /// <summary>One key per rule, so that Fix All applies every fix of the rule at once.</summary>
    protected abstract string EquivalenceKey { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        TextDocument document = context.TextDocument;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.Replacement, out string? replacement) || string.IsNullOrEmpty(replacement))
            {
                continue;
            }

            string title = Title(replacement!);
            TextSpan span = diagnostic.Location.SourceSpan;
            if (document is Document source)
            {
                SyntaxNode? root = await source.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root?.FindNode(span, getInnermostNodeForTie: true) is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ReplaceLiteralAsync(source, literal, replacement!, ct), EquivalenceKey),
                        diagnostic);
                }
            }
            else
            {
                SourceText text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
                if (span.End <= text.Length && span.Length >= 2 && text[span.Start] == '"' && text[span.End - 1] == '"')
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ReplaceJsonStringAsync(document, span, replacement!, ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }
    }

    private static async Task<Document> ReplaceLiteralAsync(Document document, LiteralExpressionSyntax literal, string replacement, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal));
        return editor.GetChangedDocument();
    }

    private static async Task<Solution> ReplaceJsonStringAsync(TextDocument document, TextSpan span, string replacement, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        SourceText changed = text.WithChanges(new TextChange(span, JsonString(replacement)));
        return document.Project.Solution.WithAdditionalDocumentText(document.Id, changed);
    }

    /// <summary>A JSON string literal (RFC 8259 escapes) of <paramref name="value"/>.</summary>
    private static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

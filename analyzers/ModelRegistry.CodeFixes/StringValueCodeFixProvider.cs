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
using ModelRegistry.Compiler;

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

    /// <summary>Fix All of the C# literals through the batch fixer and of the JSON strings through one text edit per AdditionalFile.</summary>
    private static readonly FixAllProvider FixAll = new AdditionalFileFixAllProvider(JsonEdit);

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => FixAll;

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
                if (JsonEdit(text, diagnostic) is TextChange edit)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ReplaceJsonStringAsync(document, edit, ct), EquivalenceKey),
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

    private static async Task<Solution> ReplaceJsonStringAsync(TextDocument document, TextChange edit, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.Project.Solution.WithAdditionalDocumentText(document.Id, text.WithChanges(edit));
    }

    /// <summary>
    /// The edit that replaces the JSON string <paramref name="diagnostic"/> points at in <paramref name="text"/> with its
    /// replacement; <see langword="null"/> without a replacement or when the span is not (or no longer) a quoted string.
    /// </summary>
    private static TextChange? JsonEdit(SourceText text, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(FixProperties.Replacement, out string? replacement) || string.IsNullOrEmpty(replacement))
        {
            return null;
        }

        TextSpan span = diagnostic.Location.SourceSpan;
        return span.End <= text.Length && span.Length >= 2 && text[span.Start] == '"' && text[span.End - 1] == '"'
            ? new TextChange(span, JsonString(replacement!))
            : null;
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

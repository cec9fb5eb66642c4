using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.CodeFixes;

/// <summary>
/// Fix All for a fixer whose diagnostics live both in C# and in AdditionalFiles (the JSON profiles).
/// <see cref="WellKnownFixAllProviders.BatchFixer"/> (and <see cref="FixAllProvider.Create(Func{FixAllContext, Document, ImmutableArray{Diagnostic}, Task{Document}})"/>)
/// only know C# <see cref="Document"/>s, so the diagnostics of an AdditionalFile would be silently dropped. This provider
/// lets the batch fixer do the C# documents and then applies, per additional document, every edit
/// <see cref="_editFor"/> computes for the diagnostics in scope in one <see cref="SourceText.WithChanges(IEnumerable{TextChange})"/>.
/// </summary>
/// <remarks>
/// A <see cref="FixAllContext"/> started from an AdditionalFile carries no document (its <see cref="FixAllContext.Document"/>
/// is only ever a C# <see cref="Document"/>), so the document scope without a document covers the project's AdditionalFiles.
/// </remarks>
internal sealed class AdditionalFileFixAllProvider : FixAllProvider
{
    private readonly Func<SourceText, Diagnostic, TextChange?> _editFor;

    /// <param name="editFor">The edit that fixes one diagnostic of an AdditionalFile with that text, or <see langword="null"/> when there is none.</param>
    public AdditionalFileFixAllProvider(Func<SourceText, Diagnostic, TextChange?> editFor) => _editFor = editFor;

    /// <inheritdoc/>
    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    /// <inheritdoc/>
    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        // The batch fixer handles the C# documents; without a document the scope is an AdditionalFile's and it has nothing to do.
        CodeAction? csharpFix = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is null
            ? null
            : await WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext).ConfigureAwait(false);

        ImmutableArray<(TextDocument Document, ImmutableArray<Diagnostic> Diagnostics)> additional =
            await AdditionalFileDiagnosticsInScopeAsync(fixAllContext).ConfigureAwait(false);
        if (additional.IsEmpty)
        {
            return csharpFix;
        }

        string title = csharpFix?.Title ?? "Fix all occurrences";
        return CodeAction.Create(
            title,
            async cancellationToken =>
            {
                Solution solution = csharpFix is null
                    ? fixAllContext.Solution
                    : await ChangedSolutionAsync(csharpFix, fixAllContext.Solution, cancellationToken).ConfigureAwait(false);
                foreach ((TextDocument document, ImmutableArray<Diagnostic> diagnostics) in additional)
                {
                    SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    IReadOnlyList<TextChange> changes = NonOverlappingEdits(text, diagnostics);
                    if (changes.Count > 0)
                    {
                        solution = solution.WithAdditionalDocumentText(document.Id, text.WithChanges(changes));
                    }
                }

                return solution;
            },
            fixAllContext.CodeActionEquivalenceKey);
    }

    /// <summary>The edits of <paramref name="diagnostics"/> in start order; an edit that overlaps an earlier one (the same value reported twice) is left out.</summary>
    private List<TextChange> NonOverlappingEdits(SourceText text, ImmutableArray<Diagnostic> diagnostics)
    {
        var changes = new List<TextChange>();
        int end = -1;
        foreach (TextChange change in diagnostics
            .Select(diagnostic => _editFor(text, diagnostic))
            .Where(change => change.HasValue)
            .Select(change => change!.Value)
            .OrderBy(change => change.Span.Start)
            .ThenBy(change => change.Span.End))
        {
            if (change.Span.Start < end || (change.Span.Start == end && change.Span.IsEmpty))
            {
                continue;
            }

            changes.Add(change);
            end = change.Span.End;
        }

        return changes;
    }

    /// <summary>The diagnostics of the fix's ids in scope that sit in AdditionalFiles, grouped by their additional document.</summary>
    private static async Task<ImmutableArray<(TextDocument Document, ImmutableArray<Diagnostic> Diagnostics)>> AdditionalFileDiagnosticsInScopeAsync(FixAllContext context)
    {
        IEnumerable<Project> projects = context.Scope switch
        {
            FixAllScope.Solution => context.Solution.Projects,
            FixAllScope.Project => new[] { context.Project },
            FixAllScope.Document when context.Document is null => new[] { context.Project },
            _ => Array.Empty<Project>(),
        };

        var result = ImmutableArray.CreateBuilder<(TextDocument, ImmutableArray<Diagnostic>)>();
        foreach (Project project in projects)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            ImmutableArray<Diagnostic> diagnostics = await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            Dictionary<string, TextDocument> byPath = project.AdditionalDocuments
                .Where(document => document.FilePath is not null)
                .GroupBy(document => document.FilePath!, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
            foreach (IGrouping<string, Diagnostic> inFile in diagnostics
                .Where(diagnostic => !diagnostic.Location.IsInSource && context.DiagnosticIds.Contains(diagnostic.Id))
                .GroupBy(diagnostic => diagnostic.Location.GetLineSpan().Path, StringComparer.Ordinal))
            {
                if (inFile.Key is { Length: > 0 } path && byPath.TryGetValue(path, out TextDocument? document))
                {
                    result.Add((document, inFile.ToImmutableArray()));
                }
            }
        }

        return result.ToImmutable();
    }

    private static async Task<Solution> ChangedSolutionAsync(CodeAction action, Solution unchanged, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().Select(operation => operation.ChangedSolution).LastOrDefault() ?? unchanged;
    }
}

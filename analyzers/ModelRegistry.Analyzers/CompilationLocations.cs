using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Turns the core's plain-data locations back into compiler locations: in a C# file, a location in the compilation's
/// own syntax tree (the IDE squiggles it and code fixes find the document); in an AdditionalFile, a file location.
/// </summary>
internal sealed class CompilationLocations
{
    private readonly Lazy<Dictionary<string, SyntaxTree>> _trees;

    public CompilationLocations(Compilation compilation) =>
        _trees = new Lazy<Dictionary<string, SyntaxTree>>(() =>
        {
            var trees = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!trees.ContainsKey(tree.FilePath))
                {
                    trees.Add(tree.FilePath, tree);
                }
            }

            return trees;
        });

    public Location Resolve(DiagnosticLocation location) =>
        location.FilePath is not { } path ? Location.None
        : location.ToLocation(_trees.Value.TryGetValue(path, out SyntaxTree? tree) ? tree : null);

    public Diagnostic ToDiagnostic(RecordedDiagnostic diagnostic) => diagnostic.ToDiagnostic(Resolve);
}

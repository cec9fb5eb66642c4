using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Reports what the compilation's one <see cref="RegistryCompilationModel"/> found: each registry class's and each
/// profile file's own problems as the compiler visits them (so the IDE shows them per file), the cross-file rules once
/// everything has been seen. The model is shared with the call-site rules: nothing is parsed or built twice.
/// </summary>
internal sealed class RegistryCompilationAnalysis
{
    private readonly RegistryCompilationModel _model;

    public RegistryCompilationAnalysis(RegistryCompilationModel model) => _model = model;

    public void AnalyzeNamedType(SymbolAnalysisContext context)
    {
        if (_model.Declaration((INamedTypeSymbol)context.Symbol, context.CancellationToken) is { } declaration)
        {
            foreach (RecordedDiagnostic diagnostic in declaration.Diagnostics)
            {
                context.ReportDiagnostic(_model.Locations.ToDiagnostic(diagnostic));
            }
        }
    }

    public void AnalyzeAdditionalFile(AdditionalFileAnalysisContext context)
    {
        if (_model.File(context.AdditionalFile.Path, context.CancellationToken) is { } file)
        {
            foreach (RecordedDiagnostic diagnostic in file.Diagnostics)
            {
                context.ReportDiagnostic(_model.Locations.ToDiagnostic(diagnostic));
            }
        }
    }

    public void AnalyzeCompilationEnd(CompilationAnalysisContext context)
    {
        // Two registry classes drop the same duplicates of the same files: each problem is reported once.
        var reported = new HashSet<(string, Location, string)>();
        foreach (Diagnostic diagnostic in _model.Registries(context.CancellationToken).Diagnostics)
        {
            if (reported.Add((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }
}

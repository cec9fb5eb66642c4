using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>What a <see cref="DiagnosticSink"/> recorded, as the diagnostics an analyzer reports (C# locations in
/// <paramref name="compilation"/>'s trees, so tests read the underlined source as before).</summary>
internal static class SinkDiagnostics
{
    public static List<Diagnostic> ToDiagnostics(this DiagnosticSink sink, Compilation? compilation = null) =>
        sink.Diagnostics
            .Select(d => d.ToDiagnostic(location => location.ToLocation(
                compilation?.SyntaxTrees.FirstOrDefault(t => t.FilePath == location.FilePath))))
            .ToList();
}

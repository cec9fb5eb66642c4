using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// Where a diagnostic belongs, as plain data (no <see cref="SyntaxTree"/>, <see cref="Location"/> or symbol), so that
/// the core can record it without holding compiler objects; it becomes a <see cref="Location"/> only when reported.
/// <see langword="default"/> is "nowhere" (<see cref="Location.None"/>).
/// </summary>
/// <param name="FilePath">The C# file or AdditionalFile, as the compiler names it.</param>
/// <param name="Span">The characters within the file.</param>
/// <param name="LineSpan">The same span as lines and columns.</param>
internal readonly record struct DiagnosticLocation(string? FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static DiagnosticLocation None => default;

    public bool IsNone => FilePath is null;

    /// <summary>The plain data of a compiler location; a location in no file (metadata, none) is <see cref="None"/>.</summary>
    public static DiagnosticLocation From(Location location)
    {
        if (location.Kind is not (LocationKind.SourceFile or LocationKind.ExternalFile))
        {
            return None;
        }

        FileLinePositionSpan lines = location.GetLineSpan();
        return lines.IsValid ? new DiagnosticLocation(lines.Path, location.SourceSpan, lines.Span) : None;
    }

    /// <summary>A location in a C# file (<paramref name="tree"/>, so that code fixes find the document) or in an AdditionalFile.</summary>
    public Location ToLocation(SyntaxTree? tree) =>
        FilePath is null ? Location.None
        : tree is not null && tree.FilePath == FilePath && Span.End <= tree.Length ? Location.Create(tree, Span)
        : Location.Create(FilePath, Span, LineSpan);
}

using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Generator;

/// <summary>
/// Reads one JSON AdditionalFile into a <see cref="ProfileFileSpec"/> with a line/column-tracking reader
/// (System.Text.Json does not load in every compiler host). Returns <see langword="null"/> for a file that is
/// not a profile file. Shared by the generator and the analyzers, like <see cref="ProviderDeclarationParser"/>.
/// </summary>
internal static class ProfileFileParser
{
    // SKELETON: the profile work replaces this body.
    public static ProfileFileSpec? Parse(string path, SourceText? text, ICollection<Diagnostic>? diagnostics, CancellationToken cancellationToken) => null;
}

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// The one channel through which the core reports: parsers and <see cref="RegistryBuilder"/> record each problem
/// (<see cref="RecordedDiagnostic"/>: rule, plain-data location, message arguments, fix data) and where the names the
/// cross-file rules need are written (<see cref="RememberName"/>). The generator passes no sink
/// (<see langword="null"/>): the core then computes no location, did-you-mean or fix data at all.
/// </summary>
/// <remarks>
/// A sink is filled by one analysis action at a time; its name table may be shared by the sinks of one compilation
/// (<see cref="DiagnosticSink(DiagnosticSink)"/>), so that names recorded while each file is parsed are found when the
/// registry is built at the end.
/// </remarks>
internal sealed class DiagnosticSink
{
    private readonly List<RecordedDiagnostic> _diagnostics = new();
    private readonly ConcurrentDictionary<NameKey, DiagnosticLocation> _names;

    public DiagnosticSink() => _names = new ConcurrentDictionary<NameKey, DiagnosticLocation>();

    /// <summary>A sink of its own diagnostics that shares <paramref name="names"/>'s name table.</summary>
    public DiagnosticSink(DiagnosticSink names) => _names = names._names;

    /// <summary>Every problem recorded so far, in order.</summary>
    public IReadOnlyList<RecordedDiagnostic> Diagnostics => _diagnostics;

    public void Report(DiagnosticDescriptor rule, DiagnosticLocation location, params object?[] arguments) =>
        _diagnostics.Add(RecordedDiagnostic.Create(rule, location, FixProperties.None, arguments));

    /// <summary>Reports with data for the rule's code fix (see <see cref="FixProperties"/>).</summary>
    public void ReportFixable(DiagnosticDescriptor rule, DiagnosticLocation location, ImmutableDictionary<string, string?> fixData, params object?[] arguments) =>
        _diagnostics.Add(RecordedDiagnostic.Create(rule, location, fixData, arguments));

    public void RememberName(NameKey key, DiagnosticLocation location) => _names[key] = location;

    /// <summary>Where <paramref name="key"/> is written, if a parser recorded it.</summary>
    public bool TryFindName(NameKey key, out DiagnosticLocation location) => _names.TryGetValue(key, out location);

    /// <summary>Whether the parser treated <paramref name="path"/> as a profile file (and so reported its problems).</summary>
    public bool IsProfileFile(string path) => _names.ContainsKey(new NameKey(NameKind.ProfileFile, path));

    /// <summary>The start of a profile file, for problems that concern it as a whole.</summary>
    public DiagnosticLocation File(string path) => Find(new NameKey(NameKind.ProfileFile, path));

    public DiagnosticLocation Model(string path, string model) =>
        TryFindName(new NameKey(NameKind.Model, path, model), out DiagnosticLocation location) ? location : File(path);

    public DiagnosticLocation Alias(string path, string model, string alias) =>
        TryFindName(new NameKey(NameKind.Alias, path, model, alias), out DiagnosticLocation location) ? location : Model(path, model);

    public DiagnosticLocation Fallback(string path, string model, int index) =>
        TryFindName(new NameKey(NameKind.Fallback, path, model, Index: index), out DiagnosticLocation location) ? location : Model(path, model);

    public DiagnosticLocation RouteProvider(string path, string model, int route) =>
        TryFindName(new NameKey(NameKind.RouteProvider, path, model, Index: route), out DiagnosticLocation location) ? location : Model(path, model);

    public DiagnosticLocation FileProvider(string path) =>
        TryFindName(new NameKey(NameKind.FileProvider, path), out DiagnosticLocation location) ? location : File(path);

    public DiagnosticLocation Find(NameKey key) => TryFindName(key, out DiagnosticLocation location) ? location : DiagnosticLocation.None;
}

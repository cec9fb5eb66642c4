using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Turns what <see cref="RegistryBuilder"/> drops into diagnostics at the locations recorded while parsing. A profile
/// belongs to an undeclared provider only if no registry class of the compilation (and no <c>providers</c> array)
/// declares it, so that a second registry class does not make the first one's profiles look orphaned.
/// </summary>
internal sealed class CrossFileReporter : IRegistryBuildObserver
{
    private readonly Dictionary<ProfileFileSpec, ProfileFileRecord> _files;
    private readonly HashSet<string> _declaredNames;
    private readonly Action<Diagnostic> _report;

    public CrossFileReporter(IEnumerable<ProfileFileRecord> files, HashSet<string> declaredNames, Action<Diagnostic> report)
    {
        _files = files.ToDictionary(f => f.Spec, f => f, ReferenceComparer.Instance);
        _declaredNames = declaredNames;
        _report = report;
    }

    /// <summary>The registry class being built (its providers' locations are in it).</summary>
    public RegistryDeclarationRecord? Declaration { get; set; }

    public void DuplicateProvider(ProviderSource duplicate, ProviderSource kept) =>
        _report(Diagnostic.Create(DiagnosticDescriptors.DuplicateProvider, Locate(duplicate), duplicate.Provider.Name, kept.Provider.Name));

    public void UndeclaredProvider(ProfileFileSpec file)
    {
        if (file.Provider is { } name && !_declaredNames.Contains(name) && _files.TryGetValue(file, out ProfileFileRecord? record))
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.UndeclaredProvider, record.Locations.Provider ?? record.Locations.File, name, DidYouMean(name)));
        }
    }

    public void UndeclaredRouteProvider(ProfileFileSpec file, ModelSpec model, int routeIndex, string provider)
    {
        if (!_declaredNames.Contains(provider) && _files.TryGetValue(file, out ProfileFileRecord? record))
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.UndeclaredProvider, record.Locations.RouteProvider(model.Id, routeIndex), provider, DidYouMean(provider)));
        }
    }

    public void DuplicateModel(ProfileFileSpec file, ModelSpec model, string? alias, ProfileFileSpec firstFile)
    {
        if (_files.TryGetValue(file, out ProfileFileRecord? record))
        {
            Location location = alias is null ? record.Locations.Model(model.Id) : record.Locations.Alias(model.Id, alias);
            _report(Diagnostic.Create(DiagnosticDescriptors.DuplicateModelAcrossFiles, location,
                alias is null ? "Model" : "Alias", alias ?? model.Id, $" for this provider in '{FileName(firstFile.Path)}'"));
        }
    }

    public void ProviderIdentifierDropped(ProviderSource provider, string identifier, string reason)
    {
        // A built-in that yields its nested class to a user declaration, or whose name is taken by a member, still
        // loads by name: nothing in the user's code is wrong, and there is no location to report at.
        if (provider.Provider.Origin != ProviderOrigin.BuiltIn)
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.IdentifierCollision, Locate(provider), "Provider", provider.Provider.Name, identifier, reason));
        }
    }

    public void ModelIdentifierDropped(ProviderSpec provider, ProfileFileSpec file, ModelSpec model, string identifier, string reason)
    {
        if (_files.TryGetValue(file, out ProfileFileRecord? record))
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.IdentifierCollision, record.Locations.Model(model.Id), "Model", model.Id, identifier, reason));
        }
    }

    private Location Locate(ProviderSource source)
    {
        if (source.File is null)
        {
            return Declaration is { } declaration && source.Index >= 0 && source.Index < declaration.ProviderLocations.Count
                ? declaration.ProviderLocations[source.Index]
                : Location.None;
        }

        return _files.TryGetValue(source.File, out ProfileFileRecord? record) && source.Index < record.Locations.DataProviders.Count
            ? record.Locations.DataProviders[source.Index]
            : Location.None;
    }

    private string DidYouMean(string name) => ClosestMatch.DidYouMean(name, _declaredNames);

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    /// <summary>Files are keyed by instance: the builder hands back the very specs it was given.</summary>
    private sealed class ReferenceComparer : IEqualityComparer<ProfileFileSpec>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(ProfileFileSpec? x, ProfileFileSpec? y) => ReferenceEquals(x, y);

        public int GetHashCode(ProfileFileSpec obj) => RuntimeHelpers.GetHashCode(obj);
    }
}

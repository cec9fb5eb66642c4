using System;
using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>
/// Turns what <see cref="RegistryBuilder"/> drops into diagnostics, at the names the parsers recorded in the
/// <see cref="DiagnosticSink"/>. A profile belongs to an undeclared provider only if no registry class of the compilation
/// (and no <c>providers</c> array) declares it, so that a second registry class does not make the first one's profiles
/// look orphaned. Only exists when there is a sink: the generator never pays for messages.
/// </summary>
internal sealed class RegistryDropReporter
{
    private readonly DiagnosticSink _sink;
    private readonly string _registryHintName;
    private readonly ICollection<string> _declaredNames;

    /// <param name="sink">Receives the diagnostics and holds the recorded names.</param>
    /// <param name="registryHintName">The registry class (<see cref="RegistryClassSpec.HintName"/>) whose attributes the providers come from.</param>
    /// <param name="declaredNames">Every provider name the compilation declares (ignoring case), or the registry's own.</param>
    public RegistryDropReporter(DiagnosticSink sink, string registryHintName, ICollection<string> declaredNames)
    {
        _sink = sink;
        _registryHintName = registryHintName;
        _declaredNames = declaredNames;
    }

    /// <summary>A provider declared again (names compare ignoring case); the first declaration is kept.</summary>
    public void DuplicateProvider(ProviderSource duplicate, ProviderSource kept) =>
        _sink.Report(DiagnosticDescriptors.DuplicateProvider, Locate(duplicate), duplicate.Provider.Name, kept.Provider.Name);

    /// <summary>A profile file whose <c>provider</c> key names no declared provider.</summary>
    public void UndeclaredProvider(ProfileFileSpec file)
    {
        if (file.Provider is { } name && !_declaredNames.Contains(name))
        {
            _sink.Report(DiagnosticDescriptors.UndeclaredProvider, _sink.FileProvider(file.Path), name, DidYouMean(name));
        }
    }

    /// <summary>A route naming no declared provider (the route is dropped).</summary>
    public void UndeclaredRouteProvider(ProfileFileSpec file, ModelSpec model, int routeIndex, string provider)
    {
        if (!_declaredNames.Contains(provider))
        {
            _sink.Report(DiagnosticDescriptors.UndeclaredProvider, _sink.RouteProvider(file.Path, model.Id, routeIndex), provider, DidYouMean(provider));
        }
    }

    /// <summary>Entry <paramref name="index"/> of a model's <c>fallbacks</c> is dropped: <paramref name="problem"/> completes
    /// "Fallback 'x' of model 'y' ...", <paramref name="fix"/> says what to do.</summary>
    public void InvalidFallback(ProfileFileSpec file, ModelSpec model, int index, string fallback, string problem, string fix) =>
        _sink.Report(DiagnosticDescriptors.InvalidFallback, _sink.Fallback(file.Path, model.Id, index), fallback, model.Id, problem, fix);

    /// <summary>Entry <paramref name="index"/> of an embedding model's <c>fallbacks</c> is dropped: none applies to one.</summary>
    public void EmbeddingFallback(ProfileFileSpec file, ModelSpec model, int index) =>
        _sink.Report(DiagnosticDescriptors.EmbeddingFallback, _sink.Fallback(file.Path, model.Id, index), model.Fallbacks![index], model.Id);

    /// <summary>A model id, or one of its aliases (<paramref name="alias"/> not null), already defined for the provider by an earlier file.</summary>
    public void DuplicateModel(ProfileFileSpec file, ModelSpec model, string? alias, ProfileFileSpec firstFile)
    {
        DiagnosticLocation location = alias is null ? _sink.Model(file.Path, model.Id) : _sink.Alias(file.Path, model.Id, alias);
        _sink.Report(DiagnosticDescriptors.DuplicateModelAcrossFiles, location,
            alias is null ? "Model" : "Alias", alias ?? model.Id, $" for this provider in '{FileName(firstFile.Path)}'");
    }

    /// <summary>A provider whose nested-class identifier is dropped: <paramref name="reason"/> completes "maps to X, ...".</summary>
    public void ProviderIdentifierDropped(ProviderSource provider, string identifier, string reason)
    {
        // A built-in that yields its nested class to a user declaration, or whose name is taken by a member, still
        // loads by name: nothing in the user's code is wrong, and there is no location to report at.
        if (provider.Provider.Origin != ProviderOrigin.BuiltIn)
        {
            _sink.Report(DiagnosticDescriptors.IdentifierCollision, Locate(provider), "Provider", provider.Provider.Name, identifier, reason);
        }
    }

    /// <summary>A model whose property identifier is dropped.</summary>
    public void ModelIdentifierDropped(ProfileFileSpec file, ModelSpec model, string identifier, string reason) =>
        _sink.Report(DiagnosticDescriptors.IdentifierCollision, _sink.Model(file.Path, model.Id), "Model", model.Id, identifier, reason);

    private DiagnosticLocation Locate(ProviderSource source) =>
        source.File is null
            ? source.Index >= 0 ? _sink.Find(new NameKey(NameKind.AttributeProvider, _registryHintName, Index: source.Index)) : DiagnosticLocation.None
            : _sink.Find(new NameKey(NameKind.DataProvider, source.File.Path, Index: source.Index));

    private string DidYouMean(string name) => ClosestMatch.DidYouMean(name, _declaredNames);

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}

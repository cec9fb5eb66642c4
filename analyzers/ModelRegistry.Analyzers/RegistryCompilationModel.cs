using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The registry model of one compilation, built once and shared by every analyzer that needs it
/// (<see cref="RegistryAnalyzer"/> reports what parsing and building found; <see cref="ModelIdAnalyzer"/> checks call
/// sites against the result): each JSON AdditionalFile and each registry class is parsed once with a reporting
/// <see cref="DiagnosticSink"/>, and each registry class is built once by <see cref="RegistryBuilder"/>, on first use.
/// The model reads the generator's own inputs, not the generated code, so the rules do not depend on how (or whether
/// yet) the generator emitted them.
/// </summary>
internal sealed class RegistryCompilationModel
{
    private static readonly ConditionalWeakTable<Compilation, RegistryCompilationModel> Models = new();

    /// <summary>When a test sets it, counts per compilation (by assembly name) how often the JSON files were read
    /// (<c>"{assembly}/files"</c>) and how many registries <see cref="RegistryBuilder"/> built (<c>"{assembly}/registries"</c>),
    /// to prove that every analyzer shares one model. Off (null) outside that test.</summary>
    internal static ConcurrentDictionary<string, int>? BuildCounts;

    private readonly Compilation _compilation;
    private readonly ImmutableArray<AdditionalText> _additionalFiles;

    /// <summary>Where names are written, shared by the sinks of every file and class (the cross-file rules report there).</summary>
    private readonly DiagnosticSink _names = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, CancellableLazy<RegistryDeclarationRecord?>> _declarations = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, CancellableLazy<RegistryIndex?>> _outsideRegistries = new(SymbolEqualityComparer.Default);
    private readonly CancellableLazy<Dictionary<string, ProfileFileRecord>> _files;
    private readonly CancellableLazy<BuiltRegistries> _built;

    private RegistryCompilationModel(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles)
    {
        _compilation = compilation;
        _additionalFiles = additionalFiles;
        Locations = new CompilationLocations(compilation);
        _files = new CancellableLazy<Dictionary<string, ProfileFileRecord>>(ParseFiles);
        _built = new CancellableLazy<BuiltRegistries>(Build);
    }

    /// <summary>Turns the core's plain-data locations into this compilation's locations.</summary>
    public CompilationLocations Locations { get; }

    /// <summary>The one model of <paramref name="compilation"/> (its additional files are the same for every analyzer).</summary>
    public static RegistryCompilationModel For(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles) =>
        Models.GetValue(compilation, c => new RegistryCompilationModel(c, additionalFiles));

    /// <summary>The parsed <c>[ModelProvider]</c> declaration of <paramref name="type"/> with its own problems, or
    /// <see langword="null"/> when it is no registry class.</summary>
    public RegistryDeclarationRecord? Declaration(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        _declarations.GetOrAdd(type, t => new CancellableLazy<RegistryDeclarationRecord?>(ct => ParseDeclaration(t, ct))).GetValue(cancellationToken);

    /// <summary>A JSON AdditionalFile as first read (not yet claimed by a <c>Profiles =</c> path), with its own problems.</summary>
    public ProfileFileRecord? File(string path, CancellationToken cancellationToken) =>
        _files.GetValue(cancellationToken).TryGetValue(path, out ProfileFileRecord? file) ? file : null;

    /// <summary>Every registry class of the compilation, built, and what the cross-file rules found.</summary>
    public BuiltRegistries Registries(CancellationToken cancellationToken) => _built.GetValue(cancellationToken);

    /// <summary>The registry <paramref name="type"/> declares, or <see langword="null"/> when it is no registry class.</summary>
    public RegistryIndex? Find(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (Registries(cancellationToken).ByClass.TryGetValue(type, out RegistryIndex? index))
        {
            return index;
        }

        // A registry class the compilation does not declare in source (a referenced assembly's): built alone, silently.
        return _outsideRegistries.GetOrAdd(type, t => new CancellableLazy<RegistryIndex?>(ct =>
        {
            ImmutableArray<AttributeData> attributes = ModelProviderAttributes(t);
            if (attributes.IsEmpty || ProviderDeclarationParser.ParseClass(t, attributes, sink: null, ct) is not { } declaration)
            {
                return null;
            }

            Count("registries");
            List<ProfileFileSpec> files = _files.GetValue(ct).Values.Where(f => f.Spec is not null).Select(f => f.Spec!).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            return new RegistryIndex(RegistryBuilder.Build(declaration, files, BuiltInProviders.All, sink: null, providersOfCompilation: null, ct), WrittenNames(attributes));
        })).GetValue(cancellationToken);
    }

    private RegistryDeclarationRecord? ParseDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        ImmutableArray<AttributeData> attributes = ModelProviderAttributes(type);
        if (attributes.IsEmpty)
        {
            return null;
        }

        var sink = new DiagnosticSink(_names);
        RegistryDeclarationSpec? spec = ProviderDeclarationParser.ParseClass(type, attributes, sink, cancellationToken);
        if (spec is null)
        {
            return new RegistryDeclarationRecord(type, null, sink.Diagnostics, Array.Empty<string>(), Array.Empty<ProfilesReference>());
        }

        // Every name written counts as declared even when the provider was dropped for an error of its declaration (an
        // invalid name included): its profile file, its routes and its call sites are then not also reported as naming
        // an undeclared provider. The one real error is the declaration's.
        List<string> names = WrittenNames(attributes);
        var profilesPaths = new List<ProfilesReference>();
        foreach (AttributeData attribute in attributes)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == ModelProviderAttributeNames.Profiles && argument.Value.Value is string { Length: > 0 } path)
                {
                    string provider = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
                    profilesPaths.Add(new ProfilesReference(path, provider,
                        AttributeArgumentLocator.Locate(attribute, ModelProviderAttributeNames.Profiles, null, type, cancellationToken)));
                }
            }
        }

        return new RegistryDeclarationRecord(type, spec, sink.Diagnostics, names, profilesPaths);
    }

    /// <summary>Every JSON AdditionalFile, read exactly as the generator reads it (non-profile JSON leniently, so that a
    /// <c>Profiles =</c> path outside a <c>profiles</c> folder is honoured), with the problems of each profile file.</summary>
    private Dictionary<string, ProfileFileRecord> ParseFiles(CancellationToken cancellationToken)
    {
        Count("files");
        var files = new Dictionary<string, ProfileFileRecord>(StringComparer.Ordinal);
        foreach (AdditionalText file in _additionalFiles)
        {
            if (!file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || files.ContainsKey(file.Path)
                || file.GetText(cancellationToken) is not { } text)
            {
                continue;
            }

            var sink = new DiagnosticSink(_names);
            ProfileFileSpec? spec = ProfileFileParser.Parse(file.Path, text, sink, claimed: false, cancellationToken);
            files.Add(file.Path, new ProfileFileRecord(spec, text, sink.Diagnostics));
        }

        return files;
    }

    private BuiltRegistries Build(CancellationToken cancellationToken)
    {
        List<RegistryDeclarationRecord> declarations = RegistryClasses(cancellationToken)
            .Select(t => Declaration(t, cancellationToken))
            .Where(d => d?.Spec is not null)
            .Select(d => d!)
            .ToList();
        if (declarations.Count == 0)
        {
            // Without a registry class nothing is generated, so nothing is lost: profile files stay unreported.
            return new BuiltRegistries(new Dictionary<INamedTypeSymbol, RegistryIndex>(SymbolEqualityComparer.Default), null, Array.Empty<Diagnostic>());
        }

        var diagnostics = new List<Diagnostic>();
        void Report(Diagnostic diagnostic) => diagnostics.Add(diagnostic);

        List<ProfileFileRecord> files = ClaimFiles(declarations, _files.GetValue(cancellationToken).Values
            .Where(f => f.Spec is not null).OrderBy(f => f.Spec!.Path, StringComparer.Ordinal).ToList(), Report, cancellationToken);
        ProfilesReporter.ReportMissingFiles(declarations, _additionalFiles, Report);
        ProfilesReporter.ReportUnclaimedFiles(declarations, files, _names, Locations, Report);
        var declaredNames = new HashSet<string>(
            declarations.SelectMany(d => d.DeclaredNames)
                .Concat(files.SelectMany(f => f.Spec!.Providers.Select(p => p.Name)))
                .Concat(BuiltInProviders.All.Select(p => p.Name)),
            StringComparer.OrdinalIgnoreCase);
        ImmutableEquatableArray<ProfileFileSpec> specs = files.Select(f => f.Spec!).ToImmutableEquatableArray();
        var sink = new DiagnosticSink(_names);
        var registries = new Dictionary<INamedTypeSymbol, RegistryIndex>(SymbolEqualityComparer.Default);
        foreach (RegistryDeclarationRecord declaration in declarations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Count("registries");
            registries[declaration.Type] = new RegistryIndex(
                RegistryBuilder.Build(declaration.Spec!, specs, BuiltInProviders.All, sink, declaredNames, cancellationToken), declaration.DeclaredNames);
        }

        diagnostics.AddRange(sink.Diagnostics.Select(Locations.ToDiagnostic));
        return new BuiltRegistries(registries, RegistryIndex.Combine(registries.Values.ToList()), diagnostics);
    }

    /// <summary>
    /// A JSON file outside a <c>profiles</c> folder and without profile keys was read silently; once a <c>Profiles =</c>
    /// path is known to name it, it is a profile file: read it again with reporting on.
    /// </summary>
    private List<ProfileFileRecord> ClaimFiles(
        List<RegistryDeclarationRecord> declarations, List<ProfileFileRecord> files, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        List<string> profilesPaths = ProfilesReporter.AllProfilesPaths(declarations, files);
        var result = new List<ProfileFileRecord>(files.Count);
        foreach (ProfileFileRecord file in files)
        {
            string path = file.Spec!.Path;
            if (_names.IsProfileFile(path) || !profilesPaths.Any(p => RegistryBuilder.IsNamedBy(p, path)))
            {
                result.Add(file);
                continue;
            }

            var sink = new DiagnosticSink(_names);
            ProfileFileSpec? spec = ProfileFileParser.Parse(path, file.Text, sink, claimed: true, cancellationToken);
            foreach (RecordedDiagnostic diagnostic in sink.Diagnostics)
            {
                report(Locations.ToDiagnostic(diagnostic));
            }

            if (spec is not null)
            {
                result.Add(new ProfileFileRecord(spec, file.Text, sink.Diagnostics));
            }
        }

        return result;
    }

    /// <summary>Every class declared in the compilation's source with <c>[ModelProvider]</c> attributes.</summary>
    private List<INamedTypeSymbol> RegistryClasses(CancellationToken cancellationToken)
    {
        var registries = new List<INamedTypeSymbol>();
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(_compilation.Assembly.GlobalNamespace);
        while (types.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            INamespaceOrTypeSymbol container = types.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (INamespaceSymbol inner in ns.GetNamespaceMembers())
                {
                    types.Push(inner);
                }
            }

            foreach (INamedTypeSymbol type in container.GetTypeMembers())
            {
                types.Push(type);
                if (HasAttributeSyntax(type, cancellationToken) && !ModelProviderAttributes(type).IsEmpty)
                {
                    registries.Add(type);
                }
            }
        }

        // Source order is not defined for a namespace walk: order by name, as the reports are compared by location anyway.
        return registries.OrderBy(t => t.ToDisplayString(), StringComparer.Ordinal).ToList();
    }

    private void Count(string what) => BuildCounts?.AddOrUpdate($"{_compilation.AssemblyName}/{what}", 1, (_, n) => n + 1);

    /// <summary>Whether any declaration of <paramref name="type"/> is written with attributes: a syntax check that spares
    /// binding the attributes of the (many) classes that have none.</summary>
    private static bool HasAttributeSyntax(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { AttributeLists.Count: > 0 });

    /// <summary>Every non-empty provider name the attributes write, valid or not.</summary>
    private static List<string> WrittenNames(ImmutableArray<AttributeData> attributes) => attributes
        .Select(a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null)
        .Where(n => n is { Length: > 0 })
        .Select(n => n!)
        .ToList();

    private static ImmutableArray<AttributeData> ModelProviderAttributes(INamedTypeSymbol type) =>
        type.GetAttributes().Where(a => ProviderDeclarationParser.IsModelProviderAttribute(a.AttributeClass)).ToImmutableArray();
}

/// <summary>Every registry class of a compilation, built: its index by class, all of them as one
/// (<see cref="RegistryIndex.Combine"/>; <see langword="null"/> when there is none), and the cross-file diagnostics.</summary>
internal sealed record BuiltRegistries(
    IReadOnlyDictionary<INamedTypeSymbol, RegistryIndex> ByClass,
    RegistryIndex? InCompilation,
    IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>A parsed registry class: its spec (<see langword="null"/> for a generic class), its own problems, the
/// provider names it declares (every name written, even of dropped providers and invalid ones) and its <c>Profiles =</c> paths.</summary>
internal sealed record RegistryDeclarationRecord(
    INamedTypeSymbol Type,
    RegistryDeclarationSpec? Spec,
    IReadOnlyList<RecordedDiagnostic> Diagnostics,
    IReadOnlyList<string> DeclaredNames,
    IReadOnlyList<ProfilesReference> ProfilesPaths);

/// <summary>A <c>Profiles =</c> argument: the path, its provider, and where the path is written.</summary>
internal sealed record ProfilesReference(string Path, string Provider, Location Location);

/// <summary>A JSON AdditionalFile as read (<see cref="Spec"/> <see langword="null"/> when it is no usable profile file),
/// its text (to read it again when claimed) and its own problems.</summary>
internal sealed record ProfileFileRecord(ProfileFileSpec? Spec, SourceText Text, IReadOnlyList<RecordedDiagnostic> Diagnostics);

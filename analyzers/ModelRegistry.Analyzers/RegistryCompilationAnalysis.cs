using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The state of one compilation's analysis: registry classes and profile files are parsed (and their own problems
/// reported) as the compiler visits them; the cross-file rules run once everything has been seen.
/// </summary>
internal sealed class RegistryCompilationAnalysis
{
    private readonly ConcurrentBag<RegistryDeclarationRecord> _declarations = new();
    private readonly ConcurrentBag<ProfileFileRecord> _files = new();

    /// <summary>Where names are written, recorded while each class and file is parsed (each action reports through a
    /// sink of its own that shares this table), read by the cross-file rules at the end.</summary>
    private readonly DiagnosticSink _names = new();
    private readonly CompilationLocations _locations;

    public RegistryCompilationAnalysis(Compilation compilation) => _locations = new CompilationLocations(compilation);

    public void AnalyzeNamedType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        ImmutableArray<AttributeData> attributes = type.GetAttributes()
            .Where(a => ProviderDeclarationParser.IsModelProviderAttribute(a.AttributeClass))
            .ToImmutableArray();
        if (attributes.IsEmpty)
        {
            return;
        }

        var sink = new DiagnosticSink(_names);
        RegistryDeclarationSpec? spec = ProviderDeclarationParser.ParseClass(type, attributes, sink, context.CancellationToken);
        foreach (RecordedDiagnostic diagnostic in sink.Diagnostics)
        {
            context.ReportDiagnostic(_locations.ToDiagnostic(diagnostic));
        }

        if (spec is not null)
        {
            // Names that are valid count as declared even when the provider was dropped for another reason:
            // its profile file is then not also reported as belonging to an undeclared provider.
            var names = attributes
                .Select(a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null)
                .Where(n => n is not null && ProviderRules.NameProblem(n) is null)
                .Select(n => n!)
                .ToList();
            var profilesPaths = new List<ProfilesReference>();
            foreach (AttributeData attribute in attributes)
            {
                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key == ModelProviderAttributeNames.Profiles && argument.Value.Value is string { Length: > 0 } path)
                    {
                        string provider = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
                        profilesPaths.Add(new ProfilesReference(path, provider,
                            AttributeArgumentLocator.Locate(attribute, ModelProviderAttributeNames.Profiles, null, type, context.CancellationToken)));
                    }
                }
            }

            _declarations.Add(new RegistryDeclarationRecord(spec, names, profilesPaths));
        }
    }

    public void AnalyzeAdditionalFile(AdditionalFileAnalysisContext context)
    {
        string path = context.AdditionalFile.Path;
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        SourceText? text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var sink = new DiagnosticSink(_names);
        ProfileFileSpec? spec = ProfileFileParser.Parse(path, text, sink, claimed: false, context.CancellationToken);
        foreach (RecordedDiagnostic diagnostic in sink.Diagnostics)
        {
            context.ReportDiagnostic(_locations.ToDiagnostic(diagnostic));
        }

        if (spec is not null)
        {
            _files.Add(new ProfileFileRecord(spec, text));
        }
    }

    public void AnalyzeCompilationEnd(CompilationAnalysisContext context)
    {
        List<RegistryDeclarationRecord> declarations = _declarations.ToList();
        if (declarations.Count == 0)
        {
            // Without a registry class nothing is generated, so nothing is lost: profile files stay unreported.
            return;
        }

        var reported = new HashSet<(string, Location, string)>();
        void Report(Diagnostic diagnostic)
        {
            if (reported.Add((diagnostic.Id, diagnostic.Location, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        List<ProfileFileRecord> files = ClaimFiles(declarations, _files.OrderBy(f => f.Spec.Path, StringComparer.Ordinal).ToList(), Report, context);
        ProfilesReporter.ReportMissingFiles(declarations, context.Options.AdditionalFiles, Report);
        ProfilesReporter.ReportUnclaimedFiles(declarations, files, _names, _locations, Report);
        var declaredNames = new HashSet<string>(
            declarations.SelectMany(d => d.DeclaredNames)
                .Concat(files.SelectMany(f => f.Spec.Providers.Select(p => p.Name)))
                .Concat(BuiltInProviders.All.Select(p => p.Name)),
            StringComparer.OrdinalIgnoreCase);
        ImmutableEquatableArray<ProfileFileSpec> specs = files.Select(f => f.Spec).ToImmutableEquatableArray();
        var sink = new DiagnosticSink(_names);
        foreach (RegistryDeclarationRecord declaration in declarations)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            RegistryBuilder.Build(declaration.Spec, specs, BuiltInProviders.All, sink, declaredNames, context.CancellationToken);
        }

        foreach (RecordedDiagnostic diagnostic in sink.Diagnostics)
        {
            Report(_locations.ToDiagnostic(diagnostic));
        }
    }

    /// <summary>
    /// A JSON file outside a <c>profiles</c> folder and without profile keys was read silently; once a <c>Profiles =</c>
    /// path is known to name it, it is a profile file: read it again with reporting on.
    /// </summary>
    private List<ProfileFileRecord> ClaimFiles(
        List<RegistryDeclarationRecord> declarations, List<ProfileFileRecord> files, Action<Diagnostic> report, CompilationAnalysisContext context)
    {
        List<string> profilesPaths = ProfilesReporter.AllProfilesPaths(declarations, files);
        var result = new List<ProfileFileRecord>(files.Count);
        foreach (ProfileFileRecord file in files)
        {
            if (_names.IsProfileFile(file.Spec.Path) || !profilesPaths.Any(p => RegistryBuilder.IsNamedBy(p, file.Spec.Path)))
            {
                result.Add(file);
                continue;
            }

            var sink = new DiagnosticSink(_names);
            ProfileFileSpec? spec = ProfileFileParser.Parse(file.Spec.Path, file.Text, sink, claimed: true, context.CancellationToken);
            foreach (RecordedDiagnostic diagnostic in sink.Diagnostics)
            {
                report(_locations.ToDiagnostic(diagnostic));
            }

            if (spec is not null)
            {
                result.Add(new ProfileFileRecord(spec, file.Text));
            }
        }

        return result;
    }
}

/// <summary>A parsed registry class, with the provider names it declares (valid ones, even of dropped providers) and its <c>Profiles =</c> paths.</summary>
internal sealed record RegistryDeclarationRecord(
    RegistryDeclarationSpec Spec,
    IReadOnlyList<string> DeclaredNames,
    IReadOnlyList<ProfilesReference> ProfilesPaths);

/// <summary>A <c>Profiles =</c> argument: the path, its provider, and where the path is written.</summary>
internal sealed record ProfilesReference(string Path, string Provider, Location Location);

/// <summary>A parsed profile file and its text (to read it again when claimed).</summary>
internal sealed record ProfileFileRecord(ProfileFileSpec Spec, SourceText Text);

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The rules that connect <c>Profiles =</c> paths and profile files: a path that names no JSON AdditionalFile (MR0021:
/// the provider silently has no profiles), and a profile file that nothing connects to a provider (MR0022: no
/// <c>provider</c> key and no <c>Profiles =</c> path names it, so its models are silently dropped).
/// </summary>
internal static class ProfilesReporter
{
    /// <summary>Every <c>Profiles =</c> path of the compilation: attributes and <c>providers</c> arrays of files.</summary>
    public static List<string> AllProfilesPaths(IEnumerable<RegistryDeclarationRecord> declarations, IEnumerable<ProfileFileRecord> files) =>
        declarations.SelectMany(d => d.ProfilesPaths.Select(p => p.Path))
            .Concat(files.SelectMany(f => f.Spec?.Providers ?? ImmutableEquatableArray<ProviderSpec>.Empty).Select(p => p.ProfilesPath).Where(p => p is not null).Select(p => p!))
            .ToList();

    public static void ReportMissingFiles(IEnumerable<RegistryDeclarationRecord> declarations, ImmutableArray<AdditionalText> additionalFiles, Action<Diagnostic> report)
    {
        List<string> jsonFiles = additionalFiles.Select(f => f.Path).Where(p => p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (ProfilesReference reference in declarations.SelectMany(d => d.ProfilesPaths))
        {
            if (!jsonFiles.Any(file => RegistryBuilder.IsNamedBy(reference.Path, file)))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.ProfilesPathNotFound, reference.Location,
                    reference.Path, reference.Provider, DidYouMean(reference.Path, jsonFiles)));
            }
        }
    }

    public static void ReportUnclaimedFiles(
        IEnumerable<RegistryDeclarationRecord> declarations, IReadOnlyList<ProfileFileRecord> files, DiagnosticSink names, CompilationLocations locations, Action<Diagnostic> report)
    {
        List<string> profilesPaths = AllProfilesPaths(declarations, files);
        foreach (ProfileFileRecord file in files)
        {
            if (file.Spec is not { } spec)
            {
                continue;
            }

            if (names.IsProfileFile(spec.Path) && spec.Provider is null && spec.Providers.Count == 0 && spec.Models.Count > 0
                && !profilesPaths.Any(path => RegistryBuilder.IsNamedBy(path, spec.Path)))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.UnclaimedProfileFile, locations.Resolve(names.File(spec.Path)), DisplayPath(spec.Path)));
            }
        }
    }

    /// <summary>The path a user would write in <c>Profiles =</c>: from the <c>profiles</c> folder on, else the file name.</summary>
    private static string DisplayPath(string path)
    {
        string[] segments = path.Replace('\\', '/').Split('/');
        for (int i = segments.Length - 2; i >= 0; i--)
        {
            if (string.Equals(segments[i], "profiles", StringComparison.OrdinalIgnoreCase))
            {
                return string.Join("/", segments.Skip(i));
            }
        }

        return segments[segments.Length - 1];
    }

    /// <summary>" (did you mean 'profiles/vllm.json'?)" when a file's path, cut to as many segments as the declared path has, is close.</summary>
    private static string DidYouMean(string declared, List<string> files)
    {
        int count = declared.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Count(s => s != ".");
        IEnumerable<string> tails = files.Select(f =>
        {
            string[] segments = f.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            return string.Join("/", segments.Skip(Math.Max(0, segments.Length - count)));
        });
        string normalized = string.Join("/", declared.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));
        return ClosestMatch.DidYouMean(normalized, tails);
    }
}

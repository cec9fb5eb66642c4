using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// Reads one JSON AdditionalFile into a <see cref="ProfileFileSpec"/> with a line/column-tracking reader
/// (System.Text.Json does not load in every compiler host). Shared by the generator and the analyzers, like
/// <see cref="ProviderDeclarationParser"/>: both get the same spec; only the analyzers pass a <see cref="DiagnosticSink"/>.
/// </summary>
/// <remarks>
/// <para><b>Which JSON files are profile files.</b> A file is a profile file when a folder of its path is named
/// <c>profiles</c> (any case: the package adds <c>profiles/**/*.json</c> by convention), when its root object has a
/// <c>provider</c>, <c>models</c> or <c>providers</c> key, or when the caller says a <c>Profiles =</c> path names it
/// (<c>claimed</c>). Profile files are validated and every problem is reported.</para>
/// <para>Any other JSON file (<c>appsettings.json</c>, ...) is never reported on. If its root is an object it is still
/// returned, read leniently as a bare model map, so that a <c>Profiles =</c> path outside a <c>profiles</c> folder works;
/// <see cref="RegistryBuilder"/> ignores it unless a provider's <c>Profiles =</c> names it. A non-profile file that is
/// not valid JSON or whose root is not an object yields <see langword="null"/>.</para>
/// <para><b>Shapes.</b> The wrapped shape <c>{ "provider", "compatibility_options", "models", "providers" }</c>, and the
/// bare model map (<c>{ "model-id": { ... } }</c>, the reference library's shape) whose
/// <see cref="ProfileFileSpec.Provider"/> is <see langword="null"/>. A wrapped file without <c>provider</c> also has a
/// null provider: its models belong to the provider whose <c>Profiles =</c> names it.</para>
/// <para><b>Catalogs.</b> A JSON file whose root maps ids to objects that each have a <c>models</c> object is a models.dev
/// catalog (<c>api.json</c>), wherever it lives: <see cref="CatalogReader"/> reads it into <see cref="ProfileFileSpec.Catalog"/>,
/// and <see cref="CatalogMapping"/> feeds it into the providers' profiles.</para>
/// <para>Invalid values are dropped, never the whole file; a model id or alias already defined in the file (ignoring
/// case) is dropped. Nothing here throws on any input.</para>
/// </remarks>
internal static class ProfileFileParser
{
    public static ProfileFileSpec? Parse(string path, SourceText? text, DiagnosticSink? sink, CancellationToken cancellationToken) =>
        Parse(path, text, sink, claimed: false, cancellationToken);

    /// <param name="path">The file's path as the compiler gives it (diagnostics are reported there).</param>
    /// <param name="text">The file's text; <see langword="null"/> (unreadable) yields <see langword="null"/>.</param>
    /// <param name="sink">Receives every problem of a profile file and where its names are written (for the analyzers'
    /// cross-file rules), or <see langword="null"/> (the generator) to skip reporting.</param>
    /// <param name="claimed">Whether a provider's <c>Profiles =</c> path names this file (it is then a profile file wherever it lives).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static ProfileFileSpec? Parse(string path, SourceText? text, DiagnosticSink? sink, bool claimed, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return null;
        }

        JsonValueNode? root = LocatedJsonReader.Read(text.ToString(), cancellationToken, out string? error, out TextSpan errorSpan);
        bool conventional = claimed || IsInProfilesFolder(path);
        if (root is null)
        {
            if (conventional)
            {
                new ProfileValueReader(path, text, sink).Report(DiagnosticDescriptors.InvalidJson, errorSpan, error ?? "it cannot be read");
            }

            return null;
        }

        if (root is not JsonObjectNode file)
        {
            if (conventional)
            {
                new ProfileValueReader(path, text, sink).WrongType("(file root)", root, "an object");
            }

            return null;
        }

        bool wrapped = file.Find(ProfileSchema.Provider) is not null
            || file.Find(ProfileSchema.Models) is not null
            || file.Find(ProfileSchema.Providers) is not null;
        if (!wrapped && CatalogReader.IsCatalog(file))
        {
            // A models.dev catalog: third-party data, read leniently and never reported on (see CatalogReader).
            return new ProfileFileSpec(path, Provider: null, Compatibility: null, ImmutableEquatableArray<ModelSpec>.Empty,
                ImmutableEquatableArray<ProviderSpec>.Empty, CatalogReader.Read(file, cancellationToken));
        }

        var reader = new ProfileValueReader(path, text, conventional || wrapped ? sink : null);
        reader.RememberName(new NameKey(NameKind.ProfileFile, path), new TextSpan(0, 0));
        return wrapped
            ? ReadWrapped(path, file, reader, cancellationToken)
            : ReadBareMap(path, file, reader, cancellationToken);
    }

    /// <summary>Whether a folder of <paramref name="path"/> is named <c>profiles</c>, ignoring case.</summary>
    public static bool IsInProfilesFolder(string path)
    {
        string[] segments = path.Replace('\\', '/').Split('/');
        for (int i = 0; i < segments.Length - 1; i++)
        {
            if (string.Equals(segments[i], "profiles", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ProfileFileSpec ReadWrapped(string path, JsonObjectNode file, ProfileValueReader sink, CancellationToken cancellationToken)
    {
        string? provider = null;
        CompatibilitySpec? compatibility = null;
        var models = new List<ModelSpec>();
        var providers = new List<ProviderSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonPropertyNode property in file.Properties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(property.Name))
            {
                sink.Report(DiagnosticDescriptors.DuplicateModel, property.NameSpan, "Key", property.Name, " in this file");
                continue;
            }

            switch (property.Name)
            {
                case ProfileSchema.Provider:
                    if (sink.ReadString(property.Name, property.Value) is { } name)
                    {
                        if (ProviderRules.NameProblem(name) is { } problem)
                        {
                            sink.InvalidProviderName(property.Value.Span, name, problem);
                        }
                        else
                        {
                            provider = name;
                            sink.RememberName(new NameKey(NameKind.FileProvider, path), property.Value.Span);
                        }
                    }

                    break;
                case ProfileSchema.CompatibilityOptions:
                    compatibility = ProfileCompatibilityReader.Read(property, sink);
                    break;
                case ProfileSchema.Models:
                    if (sink.ReadObject(property.Name, property.Value) is { } map)
                    {
                        ReadModels(map, sink, models, cancellationToken);
                    }

                    break;
                case ProfileSchema.Providers:
                    providers.AddRange(ProfileProviderReader.Read(property, sink));
                    break;
                case ProfileSchema.Schema:
                    break;
                default:
                    sink.UnknownKey(property, "profile file key", ProfileSchema.FileKeys);
                    break;
            }
        }

        return new ProfileFileSpec(path, provider, compatibility, models.ToImmutableEquatableArray(), providers.ToImmutableEquatableArray());
    }

    private static ProfileFileSpec ReadBareMap(string path, JsonObjectNode file, ProfileValueReader sink, CancellationToken cancellationToken)
    {
        var models = new List<ModelSpec>();
        ReadModels(file, sink, models, cancellationToken);
        return new ProfileFileSpec(path, Provider: null, Compatibility: null, models.ToImmutableEquatableArray(), ImmutableEquatableArray<ProviderSpec>.Empty);
    }

    private static void ReadModels(JsonObjectNode map, ProfileValueReader sink, List<ModelSpec> models, CancellationToken cancellationToken)
    {
        // Ids first, so that an alias is checked against every model of the file, wherever it is written.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var accepted = new List<JsonPropertyNode>(map.Properties.Count);
        foreach (JsonPropertyNode entry in map.Properties)
        {
            if (entry.Name.Length == 0)
            {
                sink.Report(DiagnosticDescriptors.InvalidProfileValue, entry.NameSpan, "model id", "a non-empty string", "empty");
            }
            else if (!names.Add(entry.Name))
            {
                sink.Report(DiagnosticDescriptors.DuplicateModel, entry.NameSpan, "Model", entry.Name, " in this file");
            }
            else
            {
                accepted.Add(entry);
            }
        }

        var reader = new ProfileModelReader(sink, names);
        foreach (JsonPropertyNode entry in accepted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.Read(entry) is { } model)
            {
                models.Add(model);
                sink.RememberName(new NameKey(NameKind.Model, sink.Path, model.Id), entry.NameSpan);
            }
        }
    }
}

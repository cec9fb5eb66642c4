using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace ModelRegistry.Compiler;

/// <summary>
/// Merges a registry class's declarations with the profile files: drops duplicate providers (names compared ignoring
/// case; the first declaration wins — attributes in order, then <c>providers</c> arrays of files in path order, then
/// built-ins), profiles of undeclared providers, models and aliases already defined for the provider by an earlier file,
/// routes to undeclared providers, fallbacks that name no model or close a cycle (<see cref="FallbackResolver"/>); resolves compatibility layers (defaults ← provider ← file ← model); names identifiers
/// (<see cref="IdentifierNaming"/>; a built-in yields its nested-class name to a user provider that maps to the same
/// one); sorts providers and models ordinally; reports each drop through a <see cref="DiagnosticSink"/> when given one
/// (<see cref="RegistryDropReporter"/>). Never throws on any input.
/// </summary>
internal static class RegistryBuilder
{
    public static RegistrySpec Build(RegistryDeclarationSpec declaration, ImmutableEquatableArray<ProfileFileSpec> files, CancellationToken cancellationToken) =>
        Build(declaration, files, builtIns: null, sink: null, providersOfCompilation: null, cancellationToken);

    /// <param name="declaration">The registry class and its attribute declarations.</param>
    /// <param name="files">Every profile file of the compilation, in a stable (path) order.</param>
    /// <param name="builtIns">Providers that load with no declaration; a declaration of the same name wins.</param>
    /// <param name="sink">Receives a diagnostic for every dropped entry, at the names the parsers recorded in it (the
    /// analyzers), or <see langword="null"/> (the generator).</param>
    /// <param name="providersOfCompilation">Every provider name any registry class or <c>providers</c> array of the
    /// compilation declares: a profile or route naming one of them is not reported as undeclared (it is still dropped
    /// here); <see langword="null"/> = this registry's providers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static RegistrySpec Build(
        RegistryDeclarationSpec declaration,
        IReadOnlyList<ProfileFileSpec> files,
        IReadOnlyList<ProviderSpec>? builtIns,
        DiagnosticSink? sink,
        ICollection<string>? providersOfCompilation,
        CancellationToken cancellationToken)
    {
        // The names undeclared-provider messages compare against are filled in once the providers are known.
        var reportedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        RegistryDropReporter? reporter = sink is null ? null : new RegistryDropReporter(sink, declaration.Class.HintName, reportedNames);
        List<ProviderSource> providers = DeclaredProviders(declaration, files, builtIns, reporter);
        var declared = new HashSet<string>(providers.Select(p => p.Provider.Name), StringComparer.OrdinalIgnoreCase);
        reportedNames.UnionWith(providersOfCompilation ?? declared);

        var resolved = new List<(ProviderSource Source, List<(ModelSpec Model, ProfileFileSpec File)> Models)>(providers.Count);
        foreach (ProviderSource source in providers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            resolved.Add((source, CollectModels(source.Provider, files, declared, reporter)));
        }

        foreach (ProfileFileSpec file in files)
        {
            if (file.Provider is { } name && !declared.Contains(name))
            {
                reporter?.UndeclaredProvider(file);
            }
        }

        // Fallbacks name models of any provider: resolved once every provider's models are known.
        FallbackResolver.Resolve(resolved, reporter);

        Dictionary<ProviderSource, string> providerIdentifiers = NameProviders(declaration.Class.Name, providers, reporter);
        var result = new List<ResolvedProviderSpec>(resolved.Count);
        foreach ((ProviderSource source, List<(ModelSpec Model, ProfileFileSpec File)> models) in resolved)
        {
            ProviderSpec provider = source.Provider;
            string providerIdentifier = providerIdentifiers[source];
            CompatibilitySpec providerCompatibility = CompatibilitySpec.Defaults.OverriddenBy(provider.Compatibility);
            Dictionary<ModelSpec, string> modelIdentifiers = NameModels(provider, providerIdentifier, models, reporter);
            result.Add(new ResolvedProviderSpec(
                provider,
                providerIdentifier,
                providerCompatibility,
                models
                    .Select(m => new ResolvedModelSpec(
                        m.Model,
                        modelIdentifiers[m.Model],
                        providerCompatibility.OverriddenBy(m.File.Compatibility).OverriddenBy(m.Model.Compatibility)))
                    .OrderBy(m => m.Model.Id, StringComparer.Ordinal)
                    .ToImmutableEquatableArray()));
        }

        return new RegistrySpec(
            declaration.Class,
            result.OrderBy(p => p.Declaration.Name, StringComparer.Ordinal).ToImmutableEquatableArray());
    }

    /// <summary>Whether <paramref name="file"/> is the file a <c>Profiles =</c> path names: the file path ends with the
    /// declared path, segment by segment, ignoring case and <c>./</c> (both separators accepted).</summary>
    public static bool IsNamedBy(string profilesPath, string filePath)
    {
        List<string> wanted = Segments(profilesPath);
        List<string> actual = Segments(filePath);
        if (wanted.Count == 0 || wanted.Count > actual.Count)
        {
            return false;
        }

        for (int i = 1; i <= wanted.Count; i++)
        {
            if (!string.Equals(wanted[wanted.Count - i], actual[actual.Count - i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static List<ProviderSource> DeclaredProviders(
        RegistryDeclarationSpec declaration, IReadOnlyList<ProfileFileSpec> files, IReadOnlyList<ProviderSpec>? builtIns, RegistryDropReporter? reporter)
    {
        var all = new List<ProviderSource>();
        for (int i = 0; i < declaration.Providers.Count; i++)
        {
            all.Add(new ProviderSource(declaration.Providers[i], null, i));
        }

        foreach (ProfileFileSpec file in files)
        {
            for (int i = 0; i < file.Providers.Count; i++)
            {
                all.Add(new ProviderSource(file.Providers[i], file, i));
            }
        }

        var kept = new Dictionary<string, ProviderSource>(StringComparer.OrdinalIgnoreCase);
        var result = new List<ProviderSource>();
        foreach (ProviderSource source in all)
        {
            if (kept.TryGetValue(source.Provider.Name, out ProviderSource first))
            {
                reporter?.DuplicateProvider(source, first);
                continue;
            }

            kept.Add(source.Provider.Name, source);
            result.Add(source);
        }

        if (builtIns is not null)
        {
            for (int i = 0; i < builtIns.Count; i++)
            {
                // A user declaration of a built-in name replaces the built-in: not a duplicate.
                if (!kept.ContainsKey(builtIns[i].Name))
                {
                    var source = new ProviderSource(builtIns[i], null, -1 - i);
                    kept.Add(builtIns[i].Name, source);
                    result.Add(source);
                }
            }
        }

        return result;
    }

    private static List<(ModelSpec, ProfileFileSpec)> CollectModels(
        ProviderSpec provider, IReadOnlyList<ProfileFileSpec> files, HashSet<string> declared, RegistryDropReporter? reporter)
    {
        var models = new List<(ModelSpec, ProfileFileSpec)>();
        var names = new Dictionary<string, ProfileFileSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (ProfileFileSpec file in files)
        {
            bool belongs = file.Provider is { } owner
                ? string.Equals(owner, provider.Name, StringComparison.OrdinalIgnoreCase)
                : provider.ProfilesPath is { } path && IsNamedBy(path, file.Path);
            if (!belongs)
            {
                continue;
            }

            foreach (ModelSpec model in file.Models)
            {
                if (names.TryGetValue(model.Id, out ProfileFileSpec? first))
                {
                    reporter?.DuplicateModel(file, model, null, first);
                    continue;
                }

                names.Add(model.Id, file);
                var aliases = new List<string>(model.Aliases.Count);
                foreach (string alias in model.Aliases)
                {
                    if (names.TryGetValue(alias, out ProfileFileSpec? aliasFirst))
                    {
                        reporter?.DuplicateModel(file, model, alias, aliasFirst);
                    }
                    else
                    {
                        names.Add(alias, file);
                        aliases.Add(alias);
                    }
                }

                ModelSpec kept = aliases.Count == model.Aliases.Count ? model : model with { Aliases = aliases.ToImmutableEquatableArray() };
                models.Add((DropUndeclaredRoutes(kept, file, declared, reporter), file));
            }
        }

        AddCatalogModels(provider, files, models, names);
        return models;
    }

    /// <summary>The catalog's models of <paramref name="provider"/> (<see cref="CatalogMapping"/>): one a profile file
    /// already defines takes the catalog's values for the fields the file leaves unset; any other is added, unless its id
    /// is an alias already (the file's alias wins). Catalog data is never reported on: the user cannot edit it.</summary>
    private static void AddCatalogModels(
        ProviderSpec provider, IReadOnlyList<ProfileFileSpec> files, List<(ModelSpec Model, ProfileFileSpec File)> models, Dictionary<string, ProfileFileSpec> names)
    {
        if (CatalogMapping.CatalogId(provider) is not { } catalogId || !files.Any(f => f.Catalog is not null))
        {
            return;
        }

        var profiled = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < models.Count; i++)
        {
            profiled[models[i].Model.Id] = i;
        }

        var merged = new HashSet<int>();
        foreach ((ModelSpec model, ProfileFileSpec catalog) in CatalogMapping.Models(files, catalogId))
        {
            if (profiled.TryGetValue(model.Id, out int index))
            {
                // The first catalog (in path order) that lists the model fills it in.
                if (merged.Add(index))
                {
                    models[index] = (CatalogMapping.Merge(models[index].Model, model), models[index].File);
                }
            }
            else if (!names.ContainsKey(model.Id))
            {
                names.Add(model.Id, catalog);
                models.Add((model, catalog));
            }
        }
    }

    private static ModelSpec DropUndeclaredRoutes(ModelSpec model, ProfileFileSpec file, HashSet<string> declared, RegistryDropReporter? reporter)
    {
        if (model.Routes is not { } routes || routes.All(r => r.Provider is null || declared.Contains(r.Provider)))
        {
            return model;
        }

        var kept = new List<RouteSpec>(routes.Count);
        for (int i = 0; i < routes.Count; i++)
        {
            if (routes[i].Provider is { } name && !declared.Contains(name))
            {
                reporter?.UndeclaredRouteProvider(file, model, i, name);
            }
            else
            {
                kept.Add(routes[i]);
            }
        }

        return model with { Routes = kept.ToImmutableEquatableArray() };
    }

    private static Dictionary<ProviderSource, string> NameProviders(string registryClass, List<ProviderSource> providers, RegistryDropReporter? reporter)
    {
        var candidates = providers.ToDictionary(p => p, p => IdentifierNaming.FromId(p.Provider.Name));

        // A user provider whose identifier matches a built-in's (azure_openai and azure-openai) keeps it, as a user
        // declaration of a built-in name wins: only the built-in loses its nested class, and user providers are
        // counted among themselves.
        static bool IsBuiltIn(ProviderSource source) => source.Provider.Origin == ProviderOrigin.BuiltIn;
        var counts = candidates.Where(c => !IsBuiltIn(c.Key) && c.Value.Length > 0).Select(c => IdentifierNaming.Bare(c.Value))
            .GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new Dictionary<ProviderSource, string>();
        foreach (KeyValuePair<ProviderSource, string> candidate in candidates)
        {
            string bare = IdentifierNaming.Bare(candidate.Value);
            string? reason = candidate.Value.Length == 0 ? "which is empty: the name has no ASCII letter or digit"
                : IsBuiltIn(candidate.Key) && counts.ContainsKey(bare) ? "like a provider this registry declares"
                : !IsBuiltIn(candidate.Key) && counts[bare] > 1 ? "like another provider of this registry"
                : bare == registryClass ? "the name of the registry class itself"
                : IdentifierNaming.RegistryMembers.Contains(bare) ? $"a member the registry class already has ({bare})"
                : null;
            if (reason is not null)
            {
                reporter?.ProviderIdentifierDropped(candidate.Key, candidate.Value, reason);
                result.Add(candidate.Key, string.Empty);
            }
            else
            {
                result.Add(candidate.Key, candidate.Value);
            }
        }

        return result;
    }

    private static Dictionary<ModelSpec, string> NameModels(
        ProviderSpec provider, string providerIdentifier, List<(ModelSpec Model, ProfileFileSpec File)> models, RegistryDropReporter? reporter)
    {
        var candidates = models.Select(m => (m.Model, m.File, Identifier: IdentifierNaming.FromId(m.Model.Id))).ToList();

        // A profile file's model keeps its identifier against a catalog model that maps to the same one: collisions among
        // the files' models are counted among themselves (and reported), a catalog model's against every model (silently).
        static bool FromCatalog(ProfileFileSpec file) => file.Catalog is not null;
        var counts = candidates.Where(c => c.Identifier.Length > 0 && !FromCatalog(c.File)).GroupBy(c => IdentifierNaming.Bare(c.Identifier), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var allCounts = candidates.Where(c => c.Identifier.Length > 0).GroupBy(c => IdentifierNaming.Bare(c.Identifier), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string providerClass = IdentifierNaming.Bare(providerIdentifier);
        var result = new Dictionary<ModelSpec, string>();
        foreach ((ModelSpec model, ProfileFileSpec file, string identifier) in candidates)
        {
            string bare = IdentifierNaming.Bare(identifier);
            string? reason = identifier.Length == 0 ? "which is empty: the id has no ASCII letter or digit"
                : (FromCatalog(file) ? allCounts[bare] : counts[bare]) > 1 ? $"like another model of provider '{provider.Name}'"
                : bare == providerClass ? "the name of its provider's class"
                : IdentifierNaming.ProviderClassMembers.Contains(bare) ? $"a member every provider class already has ({bare})"
                : null;
            if (reason is not null)
            {
                if (!FromCatalog(file))
                {
                    reporter?.ModelIdentifierDropped(file, model, identifier, reason);
                }

                result[model] = string.Empty;
            }
            else
            {
                result[model] = identifier;
            }
        }

        return result;
    }

    private static List<string> Segments(string path)
    {
        var segments = new List<string>();
        foreach (string segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments;
    }
}

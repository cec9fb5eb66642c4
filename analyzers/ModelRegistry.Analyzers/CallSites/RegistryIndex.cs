using System;
using System.Collections.Generic;
using System.Linq;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// What one registry class serves, as <see cref="RegistryBuilder"/> resolves it (the same merge the generator emits):
/// its providers (names compare ignoring case), the model ids and aliases each provider's profiles list, and which
/// nested provider class stands for which provider. <see cref="Combine"/> stands for several registry classes at once,
/// for ids that any of them may serve (the keys of keyed services).
/// </summary>
internal sealed class RegistryIndex
{
    private readonly Dictionary<string, ProviderModels> _providers;
    private readonly Dictionary<string, ProviderModels> _nestedClasses;
    private readonly HashSet<string> _declaredWithErrors;

    /// <param name="registry">The registry as built.</param>
    /// <param name="declaredNames">Every provider name the registry class's attributes write, valid or not: a provider the
    /// build dropped for a declaration error still counts as declared, so that its one real error is not followed by an
    /// "undeclared provider" at every call site.</param>
    public RegistryIndex(RegistrySpec registry, IEnumerable<string>? declaredNames = null)
    {
        _providers = new Dictionary<string, ProviderModels>(StringComparer.OrdinalIgnoreCase);
        _nestedClasses = new Dictionary<string, ProviderModels>(StringComparer.Ordinal);
        foreach (ResolvedProviderSpec provider in registry.Providers)
        {
            var models = new ProviderModels(
                provider.Declaration.Name,
                provider.Models.SelectMany(m => m.Model.Aliases.Prepend(m.Model.Id)).ToList(),
                provider.Compatibility,
                provider.Models,
                provider.Models.Where(m => ProfileSchema.IsEmbedding(m.Model)).SelectMany(m => m.Model.Aliases.Prepend(m.Model.Id)).ToList(),
                provider.Models.Where(m => IsDeprecated(m.Model)).Select(m => m.Model).ToList());
            _providers[provider.Declaration.Name] = models;
            if (provider.Identifier.Length > 0)
            {
                _nestedClasses[IdentifierNaming.Bare(provider.Identifier)] = models;
            }
        }

        Description = $"'{registry.Class.Name}'";
        ProviderNames = SortedNames(_providers);
        _declaredWithErrors = new HashSet<string>((declaredNames ?? []).Where(n => !_providers.ContainsKey(n)), StringComparer.OrdinalIgnoreCase);
    }

    private RegistryIndex(Dictionary<string, ProviderModels> providers, HashSet<string> declaredWithErrors, string description)
    {
        _providers = providers;
        _nestedClasses = new Dictionary<string, ProviderModels>(StringComparer.Ordinal);
        _declaredWithErrors = declaredWithErrors;
        Description = description;
        ProviderNames = SortedNames(_providers);
    }

    /// <summary>Whether <paramref name="providerOrId"/> names (or, as <c>provider:model</c>, starts with) a provider whose
    /// declaration has an error: its error is reported there, and the call-site rules say nothing more about it. A name
    /// with a colon (MR0001) is matched as the prefix it would be of an id.</summary>
    public bool IsDeclaredWithErrors(string providerOrId)
    {
        foreach (string name in _declaredWithErrors)
        {
            if (string.Equals(name, providerOrId, StringComparison.OrdinalIgnoreCase)
                || (providerOrId.Length > name.Length && providerOrId[name.Length] == ':' && providerOrId.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the providers were looked for, as messages show it: <c>'Models'</c>, or <c>any of 'A', 'B'</c>.</summary>
    public string Description { get; }

    /// <summary>Every provider name, ordinally sorted.</summary>
    public IReadOnlyList<string> ProviderNames { get; }

    public ProviderModels? FindProvider(string name) => _providers.TryGetValue(name, out ProviderModels? models) ? models : null;

    /// <summary>The provider a generated nested class (<c>Models.Vllm</c>) loads from.</summary>
    public ProviderModels? FindNestedClass(string className) => _nestedClasses.TryGetValue(className, out ProviderModels? models) ? models : null;

    /// <summary>
    /// The registries of <paramref name="registries"/> as one: a provider any of them has, with every id any of them lists
    /// for it, and profiles only when each registry that has the provider has profiles for it (a registry without them
    /// loads any model). One registry is returned as it is.
    /// </summary>
    public static RegistryIndex Combine(IReadOnlyList<RegistryIndex> registries)
    {
        if (registries.Count == 1)
        {
            return registries[0];
        }

        var providers = new Dictionary<string, ProviderModels>(StringComparer.OrdinalIgnoreCase);
        foreach (IGrouping<string, ProviderModels> same in registries
            .SelectMany(r => r._providers.Values)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            providers[same.Key] = ProviderModels.Combine(same.ToList());
        }

        string names = string.Join(", ", registries.Select(r => r.Description).OrderBy(n => n, StringComparer.Ordinal));
        var declaredWithErrors = new HashSet<string>(
            registries.SelectMany(r => r._declaredWithErrors).Where(n => !providers.ContainsKey(n)), StringComparer.OrdinalIgnoreCase);
        return new RegistryIndex(providers, declaredWithErrors, "any of " + names);
    }

    /// <summary>Whether the model's <c>status</c> is <c>deprecated</c> (models.dev's value), ignoring case.</summary>
    private static bool IsDeprecated(ModelSpec model) =>
        model.Fields.Any(f => f.PropertyName == "Status" && string.Equals(f.Value, "deprecated", StringComparison.OrdinalIgnoreCase));

    private static List<string> SortedNames(Dictionary<string, ProviderModels> providers) =>
        providers.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
}

/// <summary>One provider and the ids (and aliases) its profiles list; lookups ignore case as the generated lookup does.
/// It also holds what the capability rules read: the provider's compatibility options and each profiled model's
/// <see cref="ModelCapabilities"/>, by id, alias and typed-id property name.</summary>
internal sealed class ProviderModels
{
    private readonly HashSet<string> _ids;
    private readonly Dictionary<string, ModelCapabilities> _capabilities;
    private readonly Dictionary<string, ModelCapabilities> _typedIds;

    /// <summary>The ids and aliases of the models whose profile says <c>"kind": "embedding"</c>.</summary>
    private readonly HashSet<string> _embeddingIds;

    /// <summary>Deprecated models by id and alias (ignoring case) → the model's id.</summary>
    private readonly Dictionary<string, string> _deprecated;

    public ProviderModels(string name, IReadOnlyList<string> ids, CompatibilitySpec? compatibility = null, IReadOnlyList<ResolvedModelSpec>? models = null,
        IReadOnlyList<string>? embeddingIds = null, IReadOnlyList<ModelSpec>? deprecated = null)
        : this(name, ids, hasProfiles: ids.Count > 0, compatibility, embeddingIds ?? [], Deprecations(deprecated))
    {
        foreach (ResolvedModelSpec model in models ?? [])
        {
            ModelCapabilities capabilities = ModelCapabilities.From(model);
            foreach (string id in model.Model.Aliases.Prepend(model.Model.Id))
            {
                _capabilities[id] = capabilities;
            }

            if (model.Identifier.Length > 0)
            {
                _typedIds[IdentifierNaming.Bare(model.Identifier)] = capabilities;
            }
        }
    }

    private ProviderModels(
        string name, IReadOnlyList<string> ids, bool hasProfiles, CompatibilitySpec? compatibility, IEnumerable<string> embeddingIds, Dictionary<string, string> deprecated)
    {
        Name = name;
        Ids = ids;
        HasProfiles = hasProfiles;
        Compatibility = compatibility;
        _ids = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        _capabilities = new Dictionary<string, ModelCapabilities>(StringComparer.OrdinalIgnoreCase);
        _typedIds = new Dictionary<string, ModelCapabilities>(StringComparer.Ordinal);
        _embeddingIds = new HashSet<string>(embeddingIds, StringComparer.OrdinalIgnoreCase);
        _deprecated = deprecated;
    }

    /// <summary>Whether the profiles list <paramref name="model"/> as an embedding model (<see langword="false"/> for a
    /// chat model, and for a model they do not list).</summary>
    public bool IsEmbedding(string model) => _embeddingIds.Contains(model);

    public string Name { get; }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>Whether profiles list the models of this provider: only then is an unlisted model worth a warning.</summary>
    public bool HasProfiles { get; }

    /// <summary>The provider-level compatibility options, every value set; <see langword="null"/> when several registries
    /// with this provider stand as one (their options may differ: the capability rules then say nothing).</summary>
    public CompatibilitySpec? Compatibility { get; }

    public bool Lists(string model) => _ids.Contains(model);

    /// <summary>The profile of <paramref name="model"/> (an id or alias), or <see langword="null"/> when none lists it.</summary>
    public ModelCapabilities? Capabilities(string model) => _capabilities.TryGetValue(model, out ModelCapabilities? found) ? found : null;

    /// <summary>The profile behind the typed id <c>Models.Vllm.{property}</c>, or <see langword="null"/>.</summary>
    public ModelCapabilities? TypedId(string property) => _typedIds.TryGetValue(property, out ModelCapabilities? found) ? found : null;

    /// <summary>The id of the deprecated model that <paramref name="model"/> (an id or alias) loads, or <see langword="null"/>.</summary>
    public string? DeprecatedModel(string model) => _deprecated.TryGetValue(model, out string? id) ? id : null;

    private static Dictionary<string, string> Deprecations(IReadOnlyList<ModelSpec>? models)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelSpec model in models ?? [])
        {
            foreach (string name in model.Aliases.Prepend(model.Id))
            {
                result[name] = model.Id;
            }
        }

        return result;
    }

    /// <summary>The same provider of several registries: every id any lists; profiled only when each one is; no capabilities
    /// (which registry serves a key is decided at run time).</summary>
    public static ProviderModels Combine(IReadOnlyList<ProviderModels> providers) =>
        providers.Count == 1
            ? providers[0]
            : new ProviderModels(
                providers[0].Name,
                providers.SelectMany(p => p.Ids).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                providers.All(p => p.HasProfiles),
                compatibility: null,
                // An id counts as an embedding model only where every registry listing it says so.
                embeddingIds: providers.SelectMany(p => p._embeddingIds).Where(id => providers.All(p => !p.Lists(id) || p.IsEmbedding(id))).ToList(),
                deprecated: DeprecatedInAll(providers));

    /// <summary>A model counts as deprecated for several registries only when every registry that lists it says so.</summary>
    private static Dictionary<string, string> DeprecatedInAll(IReadOnlyList<ProviderModels> providers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> entry in providers.SelectMany(p => p._deprecated))
        {
            if (providers.All(p => !p.Lists(entry.Key) || p._deprecated.ContainsKey(entry.Key)))
            {
                result[entry.Key] = entry.Value;
            }
        }

        return result;
    }
}

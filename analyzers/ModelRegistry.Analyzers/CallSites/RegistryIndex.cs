using System;
using System.Collections.Generic;
using System.Linq;
using ModelRegistry.Generator;

namespace ModelRegistry.Analyzers;

/// <summary>
/// What one registry class serves, as <see cref="RegistryBuilder"/> resolves it (the same merge the generator emits):
/// its providers (names compare ignoring case), the model ids and aliases each provider's profiles list, and which
/// nested provider class stands for which provider.
/// </summary>
internal sealed class RegistryIndex
{
    private readonly Dictionary<string, ProviderModels> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ProviderModels> _nestedClasses = new(StringComparer.Ordinal);

    public RegistryIndex(RegistrySpec registry)
    {
        ClassName = registry.Class.Name;
        foreach (ResolvedProviderSpec provider in registry.Providers)
        {
            var models = new ProviderModels(
                provider.Declaration.Name,
                provider.Models.SelectMany(m => m.Model.Aliases.Prepend(m.Model.Id)).ToList());
            _providers[provider.Declaration.Name] = models;
            if (provider.Identifier.Length > 0)
            {
                _nestedClasses[IdentifierNaming.Bare(provider.Identifier)] = models;
            }
        }

        ProviderNames = _providers.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    /// <summary>The registry class's name, as messages show it.</summary>
    public string ClassName { get; }

    /// <summary>Every provider name, ordinally sorted.</summary>
    public IReadOnlyList<string> ProviderNames { get; }

    public ProviderModels? FindProvider(string name) => _providers.TryGetValue(name, out ProviderModels? models) ? models : null;

    /// <summary>The provider a generated nested class (<c>Models.Vllm</c>) loads from.</summary>
    public ProviderModels? FindNestedClass(string className) => _nestedClasses.TryGetValue(className, out ProviderModels? models) ? models : null;
}

/// <summary>One provider and the ids (and aliases) its profiles list; lookups ignore case as the generated lookup does.</summary>
internal sealed class ProviderModels
{
    private readonly HashSet<string> _ids;

    public ProviderModels(string name, IReadOnlyList<string> ids)
    {
        Name = name;
        Ids = ids;
        _ids = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>Whether any profile lists a model of this provider: only then is an unlisted model worth a warning.</summary>
    public bool HasProfiles => _ids.Count > 0;

    public bool Lists(string model) => _ids.Contains(model);
}

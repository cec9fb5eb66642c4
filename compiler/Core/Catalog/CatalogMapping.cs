using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Compiler;

/// <summary>
/// Which catalog provider feeds which registry provider, and how a catalog model merges with a profile file's model of
/// the same id. Both are data, not code: the mapping is the provider's own <c>Catalog</c> (attribute property, or
/// <c>catalog</c> in a <c>providers</c> entry), else the built-in table's <c>catalog</c> for a built-in name
/// (<c>together</c> → <c>togetherai</c>, <c>fireworks</c> → <c>fireworks-ai</c>, <c>gemini</c> → <c>google</c>), else
/// the provider's name; an empty string means no catalog.
/// </summary>
internal static class CatalogMapping
{
    /// <summary>The catalog provider id whose models feed <paramref name="provider"/>, or <see langword="null"/> for none.</summary>
    public static string? CatalogId(ProviderSpec provider)
    {
        string? id = provider.Catalog;
        if (id is null)
        {
            // A user declaration of a built-in name keeps the built-in's mapping unless it says otherwise.
            foreach (ProviderSpec builtIn in BuiltInProviders.All)
            {
                if (string.Equals(builtIn.Name, provider.Name, StringComparison.OrdinalIgnoreCase))
                {
                    id = builtIn.Catalog;
                    break;
                }
            }
        }

        id ??= provider.Name;
        return id.Length == 0 ? null : id;
    }

    /// <summary>The models of every catalog file's provider <paramref name="catalogId"/> (ignoring case), files in path order.</summary>
    public static IEnumerable<(ModelSpec Model, ProfileFileSpec File)> Models(IReadOnlyList<ProfileFileSpec> files, string catalogId)
    {
        foreach (ProfileFileSpec file in files)
        {
            if (file.Catalog is not { } catalog)
            {
                continue;
            }

            foreach (CatalogProviderSpec provider in catalog)
            {
                if (string.Equals(provider.Id, catalogId, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (ModelSpec model in provider.Models)
                    {
                        yield return (model, file);
                    }
                }
            }
        }
    }

    /// <summary><paramref name="profile"/> with every field, and every price, that it leaves unset taken from
    /// <paramref name="catalog"/>: a profile file's own values win field by field.</summary>
    public static ModelSpec Merge(ModelSpec profile, ModelSpec catalog)
    {
        var own = new HashSet<string>(profile.Fields.Select(f => f.PropertyName), StringComparer.Ordinal);
        ImmutableEquatableArray<ProfileFieldSpec> fields = profile.Fields
            .Concat(catalog.Fields.Where(f => !own.Contains(f.PropertyName)))
            .OrderBy(f => f.PropertyName, StringComparer.Ordinal)
            .ToImmutableEquatableArray();
        return profile with { Fields = fields, Pricing = Merge(profile.Pricing, catalog.Pricing) };
    }

    private static PricingSpec? Merge(PricingSpec? own, PricingSpec? catalog) =>
        own is null ? catalog
        : catalog is null ? own
        : new PricingSpec(
            own.Prompt ?? catalog.Prompt,
            own.Completion ?? catalog.Completion,
            own.InputCacheRead ?? catalog.InputCacheRead,
            own.InputCacheWrite ?? catalog.InputCacheWrite,
            own.Request ?? catalog.Request,
            own.Image ?? catalog.Image);
}

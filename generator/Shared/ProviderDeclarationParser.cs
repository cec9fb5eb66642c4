using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Generator;

/// <summary>
/// Reads the <c>[ModelProvider]</c> attributes of a registry class into specs. Shared by the generator
/// (<paramref name="diagnostics"/> null: invalid values are silently dropped) and the analyzers (which report them).
/// </summary>
internal static class ProviderDeclarationParser
{
    // SKELETON: reads values without validation; the validation work replaces this body.
    public static RegistryDeclarationSpec? ParseClass(
        INamedTypeSymbol registryClass,
        ImmutableArray<AttributeData> attributes,
        ICollection<Diagnostic>? diagnostics,
        CancellationToken cancellationToken)
    {
        var providers = new List<ProviderSpec>();
        foreach (AttributeData attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name)
            {
                continue;
            }

            string? kind = null, baseUrl = null, profiles = null;
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Kind": kind = argument.Value.Value as string; break;
                    case "BaseUrl": baseUrl = argument.Value.Value as string; break;
                    case "Profiles": profiles = argument.Value.Value as string; break;
                }
            }

            providers.Add(new ProviderSpec(name, kind, null, baseUrl, ImmutableEquatableArray<HeaderSpec>.Empty,
                CompatibilitySpec.Unset, profiles, ProviderOrigin.Attribute, IsLocal: false, "Bearer", null));
        }

        string? ns = registryClass.ContainingNamespace.IsGlobalNamespace ? null : registryClass.ContainingNamespace.ToDisplayString();
        return new RegistryDeclarationSpec(
            new RegistryClassSpec(ns, registryClass.Name, ImmutableEquatableArray<string>.Empty, $"{(ns is null ? "" : ns + ".")}{registryClass.Name}.g.cs"),
            providers.ToImmutableEquatableArray());
    }
}

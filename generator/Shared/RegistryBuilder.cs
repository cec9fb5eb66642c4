using System.Linq;
using System.Threading;

namespace ModelRegistry.Generator;

/// <summary>
/// Merges a registry class's declarations with the profile files (and the built-in table): drops duplicates,
/// profiles of undeclared providers and identifier collisions, resolves compatibility layers and names identifiers.
/// </summary>
internal static class RegistryBuilder
{
    // SKELETON: the profile work replaces this body.
    public static RegistrySpec Build(RegistryDeclarationSpec declaration, ImmutableEquatableArray<ProfileFileSpec> files, CancellationToken cancellationToken) =>
        new(declaration.Class, declaration.Providers
            .Select(p => new ResolvedProviderSpec(p, p.Name, CompatibilitySpec.Defaults.OverriddenBy(p.Compatibility), ImmutableEquatableArray<ResolvedModelSpec>.Empty))
            .ToImmutableEquatableArray());
}

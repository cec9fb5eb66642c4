using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>Names of the tracked pipeline steps; the caching tests find them by reflection.</summary>
internal static class TrackingNames
{
    public const string ProviderDeclarations = nameof(ProviderDeclarations);
    public const string RegistryClasses = nameof(RegistryClasses);
    public const string ProfileFiles = nameof(ProfileFiles);
    public const string AllProfileFiles = nameof(AllProfileFiles);
    public const string Registries = nameof(Registries);
}

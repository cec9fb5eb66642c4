namespace ModelRegistry.Compiler;

/// <summary>A registry class and the providers its attributes declare, before profiles are merged in.</summary>
internal sealed record RegistryDeclarationSpec(
    RegistryClassSpec Class,
    ImmutableEquatableArray<ProviderSpec> Providers);

namespace ModelRegistry.Compiler;

/// <summary>One provider of a models.dev catalog file (the <c>api.json</c> shape), its models already mapped onto
/// <c>ModelProfile</c> fields (<see cref="CatalogReader"/>).</summary>
/// <param name="Id">The catalog's provider id (<c>togetherai</c>, <c>fireworks-ai</c>, ...), not a registry provider name:
/// <see cref="CatalogMapping"/> decides which registry provider it feeds.</param>
/// <param name="Models">The models, in file order.</param>
internal sealed record CatalogProviderSpec(string Id, ImmutableEquatableArray<ModelSpec> Models);

namespace ModelRegistry.Compiler;

/// <summary>One profile JSON AdditionalFile after parsing; invalid entries have been dropped.</summary>
/// <param name="Path">The file's path as the compiler gives it.</param>
/// <param name="Provider">The <c>provider</c> key; <see langword="null"/> for a bare model map (claimed by a <c>Profiles =</c> path).</param>
/// <param name="Compatibility">The file-level <c>compatibility_options</c>, or <see langword="null"/>.</param>
/// <param name="Models">The models, in file order.</param>
/// <param name="Providers">Providers declared as data in a <c>providers</c> array.</param>
/// <param name="Catalog">For a models.dev catalog file (<see cref="CatalogReader"/>), its providers; the file then has no
/// models or providers of its own. <see langword="null"/> for a profile file.</param>
internal sealed record ProfileFileSpec(
    string Path,
    string? Provider,
    CompatibilitySpec? Compatibility,
    ImmutableEquatableArray<ModelSpec> Models,
    ImmutableEquatableArray<ProviderSpec> Providers,
    ImmutableEquatableArray<CatalogProviderSpec>? Catalog = null);

/// <summary>One model entry of a profile file.</summary>
/// <param name="Id">The model id (the key in <c>models</c>).</param>
/// <param name="Aliases">Other ids that load it.</param>
/// <param name="Fields">Scalar <c>ModelProfile</c> properties that the file sets (seed names already mapped), ordinal-sorted by property.</param>
/// <param name="Compatibility">The model's <c>compatibility_options</c>, or <see langword="null"/>.</param>
/// <param name="Pricing">The <c>pricing</c> object, or <see langword="null"/>.</param>
/// <param name="SupportedParams">The <c>supported_params</c> list, or <see langword="null"/>.</param>
/// <param name="Routes">The <c>routes</c> list, or <see langword="null"/>.</param>
/// <param name="Fallbacks">The <c>fallbacks</c> as written (a bare id is a model of the same provider); the registry
/// builder replaces them with canonical <c>provider:model</c> ids and drops unknown ones and cycles.</param>
internal sealed record ModelSpec(
    string Id,
    ImmutableEquatableArray<string> Aliases,
    ImmutableEquatableArray<ProfileFieldSpec> Fields,
    CompatibilitySpec? Compatibility,
    PricingSpec? Pricing,
    ImmutableEquatableArray<string>? SupportedParams,
    ImmutableEquatableArray<RouteSpec>? Routes,
    ImmutableEquatableArray<string>? Fallbacks = null);

/// <summary>One scalar property of <c>ModelRegistry.ModelProfile</c>.</summary>
/// <param name="PropertyName">The C# property (for example <c>MaxInputTokens</c>).</param>
/// <param name="Kind">The value's type.</param>
/// <param name="Value">Invariant text: <c>"true"</c>, <c>"32768"</c>, or the string itself.</param>
internal sealed record ProfileFieldSpec(string PropertyName, ProfileValueKind Kind, string Value);

internal enum ProfileValueKind
{
    String,
    Integer,
    Boolean,

    /// <summary>A <c>ModelRegistry.ModelKind</c> member name (<c>Chat</c>, <c>Embedding</c>).</summary>
    ModelKind,
}

/// <summary>Prices as invariant decimal text; <see langword="null"/> = not given.</summary>
internal sealed record PricingSpec(
    string? Prompt,
    string? Completion,
    string? InputCacheRead,
    string? InputCacheWrite,
    string? Request,
    string? Image);

/// <summary>One route of a routed model. <paramref name="ApiKey"/> and each of <paramref name="ApiKeys"/> are
/// <c>${ENV}</c> references, never literals; <paramref name="MaxInputTokens"/> is the route's own context window.</summary>
internal sealed record RouteSpec(
    string? Provider,
    string? BaseUrl,
    string Weight,
    bool Local,
    string? ProviderModelId,
    string? ApiKey,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    ImmutableEquatableArray<string>? ApiKeys = null,
    int? MaxInputTokens = null,
    int? TokensPerHour = null,
    int? TokensPerDay = null);

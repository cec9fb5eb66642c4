namespace ModelRegistry.Compiler;

/// <summary>One provider declaration, from a <c>[ModelProvider]</c> attribute, a <c>providers</c> array in a JSON file,
/// or the built-in table. Invalid values have already been dropped (the analyzers report them).</summary>
/// <param name="Name">The provider name as declared (valid: ASCII letters, digits, <c>-</c>, <c>_</c>).</param>
/// <param name="Kind"><c>"openai-compatible"</c>, or <see langword="null"/> when <paramref name="CustomClient"/> is set.</param>
/// <param name="CustomClient">How to construct the user's <c>IChatClient</c> type ("case 1"), or <see langword="null"/>.</param>
/// <param name="BaseUrl">The declared endpoint (a valid absolute http(s) URI), or <see langword="null"/>.</param>
/// <param name="Headers">Declared headers; values may hold <c>${ENV}</c> references.</param>
/// <param name="Compatibility">Only the options the declaration sets.</param>
/// <param name="ProfilesPath">The <c>Profiles =</c> path as written, or <see langword="null"/>.</param>
/// <param name="Origin">Where the declaration comes from.</param>
/// <param name="IsLocal">Whether the provider needs no API key.</param>
/// <param name="Authentication">The name of a <c>ModelRegistry.ProviderAuthentication</c> member (<c>Bearer</c>, <c>ApiKeyHeader</c>).</param>
/// <param name="ApiVersion">The <c>api-version</c> query value (Azure), or <see langword="null"/>.</param>
/// <param name="Catalog">The models.dev provider id whose catalog models feed this provider's profiles (<c>Catalog =</c>, or
/// <c>catalog</c> in a <c>providers</c> entry); an empty string for none; <see langword="null"/> = the default
/// (<see cref="CatalogMapping"/>).</param>
internal sealed record ProviderSpec(
    string Name,
    string? Kind,
    CustomClientSpec? CustomClient,
    string? BaseUrl,
    ImmutableEquatableArray<HeaderSpec> Headers,
    CompatibilitySpec Compatibility,
    string? ProfilesPath,
    ProviderOrigin Origin,
    bool IsLocal,
    string Authentication,
    string? ApiVersion,
    string? Catalog = null);

/// <summary>Where a provider declaration comes from; a user declaration of a built-in name wins over the built-in.</summary>
internal enum ProviderOrigin
{
    Attribute,
    DataFile,
    BuiltIn,
}

/// <summary>One <c>Name: value</c> header.</summary>
internal sealed record HeaderSpec(string Name, string Value);

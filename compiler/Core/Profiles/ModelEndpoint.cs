namespace ModelRegistry.Compiler;

/// <summary>
/// A model's own <c>base_url</c>, <c>api_key</c> and <c>api_keys</c>: the hybrid-inference seed's single-endpoint form
/// (its <c>test_models.yaml</c> writes them beside <c>route</c>). The runtime sends a model only to its provider or to its
/// routes, so these become routes: the model's one route when it has none, else the endpoint and keys of every route
/// that gives none of its own.
/// </summary>
internal sealed class ModelEndpoint
{
    public ModelEndpoint(string? baseUrl, bool baseUrlWritten, string? apiKey, ImmutableEquatableArray<string>? apiKeys, JsonPropertyNode? keyField)
    {
        BaseUrlWritten = baseUrlWritten;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        ApiKeys = apiKeys;
        KeyField = keyField;
    }

    public string? BaseUrl { get; }

    /// <summary>Whether a <c>base_url</c> is written, valid or not (an invalid one is reported once, as MR0011).</summary>
    public bool BaseUrlWritten { get; }

    public string? ApiKey { get; }

    public ImmutableEquatableArray<string>? ApiKeys { get; }

    /// <summary>Where a key is written (<c>api_key</c>, else <c>api_keys</c>), for the report of a key with no endpoint.</summary>
    public JsonPropertyNode? KeyField { get; }

    /// <summary>The routes of a model that has no <c>routes</c>: one route to <see cref="BaseUrl"/>, or none. A key with no
    /// endpoint to go to is reported: it would otherwise be dropped, and the calls sent with the provider's key.</summary>
    public ImmutableEquatableArray<RouteSpec>? AsOnlyRoute(ProfileValueReader sink, string model)
    {
        if (BaseUrl is { } url)
        {
            return new[] { new RouteSpec(null, url, "1", false, null, ApiKey, null, null, ApiKeys) }.ToImmutableEquatableArray();
        }

        if (KeyField is { } key && !BaseUrlWritten)
        {
            sink.Report(DiagnosticDescriptors.InvalidProfileValue, key.NameSpan, key.Name,
                "a key beside the model's 'base_url' or 'routes'", $"a key of model '{model}', which has neither");
        }

        return null;
    }
}

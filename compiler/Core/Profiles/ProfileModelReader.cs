using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>Reads one entry of a <c>models</c> map (or of a bare model map) into a <see cref="ModelSpec"/>.</summary>
internal sealed class ProfileModelReader
{
    private static readonly string[] KnownKeys = ProfileSchema.ModelFields.Keys.Concat(ProfileSchema.ModelStructuredKeys).ToArray();

    private readonly ProfileValueReader _sink;

    /// <summary>Model ids and aliases of the file so far (ignoring case): an alias may not repeat any of them.</summary>
    private readonly HashSet<string> _names;

    public ProfileModelReader(ProfileValueReader sink, HashSet<string> modelIds)
    {
        _sink = sink;
        _names = modelIds;
    }

    public ModelSpec? Read(JsonPropertyNode entry)
    {
        if (_sink.ReadObject(entry.Name, entry.Value) is not { } model)
        {
            return null;
        }

        string id = entry.Name;
        var fields = new Dictionary<string, ProfileFieldSpec>(StringComparer.Ordinal);
        var modalityFlags = new Dictionary<string, bool>(StringComparer.Ordinal);
        var aliases = new List<string>();
        CompatibilitySpec? compatibility = null;
        PricingSpec? pricing = null;
        ImmutableEquatableArray<string>? supportedParams = null;
        ImmutableEquatableArray<RouteSpec>? routes = null;
        ImmutableEquatableArray<string>? fallbacks = null;
        ModelEndpoint endpoint = ReadEndpoint(id, model);
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        bool embeddingOutput = false;
        foreach (JsonPropertyNode property in model.Properties)
        {
            if (!seenKeys.Add(property.Name))
            {
                _sink.Report(DiagnosticDescriptors.DuplicateModel, property.NameSpan, "Key", property.Name, $" in model '{id}'");
                continue;
            }

            if (ProfileSchema.ModelFields.TryGetValue(property.Name, out (string Property, ProfileValueKind Kind) field))
            {
                if (fields.ContainsKey(field.Property))
                {
                    _sink.Report(DiagnosticDescriptors.DuplicateModel, property.NameSpan, "Key", property.Name, $" in model '{id}' under another name of {field.Property}");
                }
                else if (ReadField(property, field.Property, field.Kind) is { } value)
                {
                    fields.Add(field.Property, new ProfileFieldSpec(field.Property, field.Kind, value));
                }

                continue;
            }

            switch (property.Name)
            {
                case ProfileSchema.CompatibilityOptions:
                    compatibility = ProfileCompatibilityReader.Read(property, _sink);
                    break;
                case ProfileSchema.Aliases:
                    ReadAliases(id, property, aliases);
                    break;
                case ProfileSchema.Pricing:
                    pricing = ReadPricing(property);
                    break;
                case ProfileSchema.SupportedParams:
                    supportedParams = _sink.ReadStringArray(property.Name, property.Value)?
                        .Select(p => p.Value).Distinct(StringComparer.Ordinal).ToImmutableEquatableArray();
                    break;
                case ProfileSchema.Routes:
                case ProfileSchema.SeedRoutes:
                    // "route" is the hybrid-inference seed's name of "routes".
                    if (routes is not null)
                    {
                        _sink.Report(DiagnosticDescriptors.DuplicateModel, property.NameSpan, "Key", property.Name, $" in model '{id}' under another name of routes");
                    }
                    else
                    {
                        routes = ReadRoutes(id, property, endpoint);
                    }

                    break;
                case ProfileSchema.BaseUrl:
                case ProfileSchema.ApiKey:
                case ProfileSchema.ApiKeys:
                    // Read first, by ReadEndpoint: routes written before them take them too.
                    break;
                case ProfileSchema.Fallbacks:
                    fallbacks = ReadFallbacks(id, property);
                    break;
                case ProfileSchema.InputModalities:
                    _ = ReadModalities(property, ProfileSchema.InputModalityFlags, modalityFlags);
                    break;
                case ProfileSchema.OutputModalities:
                    embeddingOutput = ReadModalities(property, ProfileSchema.OutputModalityFlags, modalityFlags, ProfileSchema.EmbeddingModality);
                    break;
                default:
                    _sink.UnknownKey(property, "model field", KnownKeys);
                    break;
            }
        }

        if (routes is null)
        {
            routes = endpoint.AsOnlyRoute(_sink, id);
        }

        // Modality lists are the seed's shorthand: an explicit *_inputs / *_outputs key wins over them.
        foreach (KeyValuePair<string, bool> flag in modalityFlags)
        {
            if (!fields.ContainsKey(flag.Key))
            {
                fields.Add(flag.Key, new ProfileFieldSpec(flag.Key, ProfileValueKind.Boolean, flag.Value ? "true" : "false"));
            }
        }

        // An output list naming "embedding" (models.dev's shape) makes an embedding model, unless "kind" says otherwise.
        if (embeddingOutput && !fields.ContainsKey("Kind"))
        {
            fields.Add("Kind", new ProfileFieldSpec("Kind", ProfileValueKind.ModelKind, "Embedding"));
        }

        return new ModelSpec(
            id,
            aliases.ToImmutableEquatableArray(),
            fields.Values.OrderBy(f => f.PropertyName, StringComparer.Ordinal).ToImmutableEquatableArray(),
            compatibility,
            pricing,
            supportedParams,
            routes,
            fallbacks);
    }

    private string? ReadField(JsonPropertyNode property, string propertyName, ProfileValueKind kind) => kind switch
    {
        ProfileValueKind.Boolean => _sink.ReadBoolean(property.Name, property.Value) is { } flag ? (flag ? "true" : "false") : null,
        ProfileValueKind.Integer => _sink.ReadInteger(property.Name, property.Value,
            minimum: Array.IndexOf(ProfileSchema.PositiveIntegerFields, propertyName) >= 0 ? 1 : 0)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ProfileValueKind.ModelKind => ReadModelKind(property),
        _ => _sink.ReadString(property.Name, property.Value),
    };

    /// <summary>The <c>kind</c> as a <c>ModelKind</c> member name, or <see langword="null"/> (reported) when it is none.</summary>
    private string? ReadModelKind(JsonPropertyNode property)
    {
        if (_sink.ReadString(property.Name, property.Value) is not { } text)
        {
            return null;
        }

        if (ProfileSchema.ModelKinds.TryGetValue(text, out string? member))
        {
            return member;
        }

        _sink.Report(DiagnosticDescriptors.InvalidProfileValue, property.Value.Span, property.Name,
            "'chat' or 'embedding'" + (ClosestMatch.Find(text, ProfileSchema.ModelKinds.Keys) is { } closest ? $" (did you mean '{closest}'?)" : ""), $"'{text}'");
        return null;
    }

    private void ReadAliases(string model, JsonPropertyNode property, List<string> aliases)
    {
        if (_sink.ReadStringArray(property.Name, property.Value) is not { } values)
        {
            return;
        }

        foreach ((string alias, TextSpan span) in values)
        {
            if (alias.Length == 0)
            {
                _sink.Report(DiagnosticDescriptors.InvalidProfileValue, span, "aliases", "a non-empty model id", "empty");
            }
            else if (!_names.Add(alias))
            {
                _sink.Report(DiagnosticDescriptors.DuplicateModel, span, "Alias", alias, " in this file as a model id or alias");
            }
            else
            {
                aliases.Add(alias);
                _sink.RememberName(new NameKey(NameKind.Alias, _sink.Path, model, alias), span);
            }
        }
    }

    /// <summary>The <c>fallbacks</c>: model ids (<c>provider:model</c>, or a model of this provider); whether each names a
    /// model is the registry builder's check, across files, at the location recorded here.</summary>
    private ImmutableEquatableArray<string>? ReadFallbacks(string model, JsonPropertyNode property)
    {
        if (_sink.ReadStringArray(property.Name, property.Value) is not { } values)
        {
            return null;
        }

        var fallbacks = new List<string>(values.Count);
        foreach ((string fallback, TextSpan span) in values)
        {
            int colon = fallback.IndexOf(':');
            if (fallback.Length == 0 || colon == 0 || colon == fallback.Length - 1)
            {
                _sink.Report(DiagnosticDescriptors.InvalidProfileValue, span, "fallbacks", "a model id ('provider:model', or a model of the same provider)",
                    fallback.Length == 0 ? "empty" : $"'{fallback}'");
                continue;
            }

            _sink.RememberName(new NameKey(NameKind.Fallback, _sink.Path, model, Index: fallbacks.Count), span);
            fallbacks.Add(fallback);
        }

        return fallbacks.ToImmutableEquatableArray();
    }

    /// <summary>The <c>pricing</c> object: US dollars per token (OpenRouter's convention), or per million tokens when its
    /// <c>unit</c> says so or, without a <c>unit</c>, when it uses the hybrid-inference seed's names
    /// (<c>input_cache_reads</c>/<c>input_cache_writes</c>), whose <c>models.yaml</c> prices are USD per million tokens.
    /// <c>request</c> and <c>image</c> are per request and per image in either unit.</summary>
    private PricingSpec? ReadPricing(JsonPropertyNode property)
    {
        if (_sink.ReadObject(property.Name, property.Value) is not { } prices)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        bool seedNames = false;
        bool? perMillion = null;
        foreach (JsonPropertyNode price in prices.Properties)
        {
            if (price.Name == ProfileSchema.PricingUnit)
            {
                perMillion = ReadPricingUnit(price) ?? perMillion;
                continue;
            }

            // The seed's input_cache_reads / input_cache_writes mean input_cache_read / input_cache_write.
            bool seedName = ProfileSchema.SeedPricingKeys.TryGetValue(price.Name, out string? canonical);
            string key = seedName ? canonical! : price.Name;
            seedNames |= seedName;
            if (Array.IndexOf(ProfileSchema.PricingKeys, key) < 0)
            {
                // A price ignored would bill calls differently from what the file says: an error (MR0025), not a warning.
                _sink.UnknownKey(DiagnosticDescriptors.UnknownRoutingKey, price, "pricing key", ProfileSchema.AllPricingKeys);
            }
            else if (values.ContainsKey(key))
            {
                _sink.Report(DiagnosticDescriptors.DuplicateModel, price.NameSpan, "Key", price.Name,
                    key == price.Name ? " in this pricing object" : $" in this pricing object as {key}");
            }
            else if (_sink.ReadDecimal(price.Name, price.Value, allowNegative: true) is { } amount)
            {
                // Negative prices are kept: OpenRouter writes -1 for "priced by the routed model".
                values[key] = amount;
            }
        }

        bool scale = perMillion ?? seedNames;
        return new PricingSpec(Get("prompt", scale), Get("completion", scale), Get("input_cache_read", scale), Get("input_cache_write", scale),
            Get("request", false), Get("image", false));

        string? Get(string key, bool perMillionTokens) => values.TryGetValue(key, out string? value) ? (perMillionTokens ? PerToken(value) : value) : null;
    }

    /// <summary>The pricing <c>unit</c>: <see langword="true"/> for per million tokens, <see langword="false"/> per token.</summary>
    private bool? ReadPricingUnit(JsonPropertyNode unit)
    {
        if (_sink.ReadString(unit.Name, unit.Value) is not { } text)
        {
            return null;
        }

        if (text == ProfileSchema.PerMillionTokens)
        {
            return true;
        }

        if (text == ProfileSchema.PerToken)
        {
            return false;
        }

        _sink.Report(DiagnosticDescriptors.InvalidProfileValue, unit.Value.Span, unit.Name, $"'{ProfileSchema.PerToken}' or '{ProfileSchema.PerMillionTokens}'", $"'{text}'");
        return null;
    }

    private static string PerToken(string perMillion)
    {
        decimal amount = decimal.Parse(perMillion, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        return (amount / 1_000_000m).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>routes</c> (or the seed's <c>route</c>) of a model. Each route names a provider (<c>provider</c>, or
    /// the seed's <c>kind</c>), a <c>base_url</c>, or both (the provider's client sent to that endpoint); a route without an
    /// endpoint or key of its own takes the model's (<paramref name="endpoint"/>).</summary>
    private ImmutableEquatableArray<RouteSpec>? ReadRoutes(string model, JsonPropertyNode property, ModelEndpoint endpoint)
    {
        if (_sink.ReadArray(property.Name, property.Value) is not { } array)
        {
            return null;
        }

        var routes = new List<RouteSpec>(array.Items.Count);
        foreach (JsonValueNode item in array.Items)
        {
            if (_sink.ReadObject(property.Name, item) is not { } route)
            {
                continue;
            }

            string? provider = null, baseUrl = null, providerModelId = null, apiKey = null;
            string weight = "1";
            bool local = false, generic = false;
            bool providerGiven = false, baseUrlGiven = false, keyGiven = false;
            int? requestsPerMinute = null, tokensPerMinute = null, tokensPerHour = null, tokensPerDay = null, maxInputTokens = null;
            ImmutableEquatableArray<string>? apiKeys = null;
            TextSpan? providerSpan = null;
            foreach (JsonPropertyNode field in route.Properties)
            {
                switch (field.Name)
                {
                    case "provider":
                    case ProfileSchema.SeedRouteProvider:
                        if (field.Value is JsonNullNode)
                        {
                            break;
                        }

                        if (providerGiven)
                        {
                            _sink.Report(DiagnosticDescriptors.DuplicateModel, field.NameSpan, "Key", field.Name, " in this route under another name of provider");
                            break;
                        }

                        providerGiven = true;
                        if (_sink.ReadString(field.Name, field.Value) is { } name)
                        {
                            if (field.Name == ProfileSchema.SeedRouteProvider && IsGenericKind(name))
                            {
                                // The seed's generic adapter: a bare endpoint route (or the built-in generic provider, below).
                                generic = true;
                                providerSpan = field.Value.Span;
                            }
                            else if (ProviderRules.NameProblem(name) is { } problem)
                            {
                                _sink.InvalidProviderName(field.Value.Span, name, problem);
                            }
                            else
                            {
                                provider = name;
                                providerSpan = field.Value.Span;
                            }
                        }

                        break;
                    case "base_url":
                        baseUrlGiven |= field.Value is not JsonNullNode;
                        baseUrl = _sink.ReadRouteBaseUrl(field.Name, field.Value) ?? baseUrl;
                        break;
                    case "weight":
                        weight = _sink.ReadDecimal(field.Name, field.Value, allowNegative: false) ?? weight;
                        break;
                    case "local":
                        local = _sink.ReadBoolean(field.Name, field.Value) ?? local;
                        break;
                    case ProfileSchema.SeedOptional:
                        // Validated only: every route is optional here (skipped at load when its key or endpoint is unset).
                        _sink.ReadBoolean(field.Name, field.Value);
                        break;
                    case "provider_model_id":
                        providerModelId = _sink.ReadString(field.Name, field.Value);
                        break;
                    case "api_key":
                        keyGiven |= field.Value is not JsonNullNode;
                        apiKey = ReadKeyReference(field, $"The api_key of a route of model '{model}'", provider) ?? apiKey;
                        break;
                    case "api_keys":
                        keyGiven |= field.Value is not JsonNullNode;
                        apiKeys = ReadRouteKeys(model, provider, field);
                        break;
                    case "max_input_tokens":
                        maxInputTokens = _sink.ReadInteger(field.Name, field.Value, minimum: 1);
                        break;
                    case "requests_per_minute":
                        requestsPerMinute = _sink.ReadInteger(field.Name, field.Value, minimum: 1);
                        break;
                    case "tokens_per_minute":
                        tokensPerMinute = _sink.ReadInteger(field.Name, field.Value, minimum: 1);
                        break;
                    case "tokens_per_hour":
                        tokensPerHour = _sink.ReadInteger(field.Name, field.Value, minimum: 1);
                        break;
                    case "tokens_per_day":
                        tokensPerDay = _sink.ReadInteger(field.Name, field.Value, minimum: 1);
                        break;
                    default:
                        // A route field ignored would route calls differently from what the file says: MR0025, an error.
                        _sink.UnknownKey(DiagnosticDescriptors.UnknownRoutingKey, field, "route field", ProfileSchema.AllRouteKeys);
                        break;
                }
            }

            if (!baseUrlGiven && endpoint.BaseUrl is { } modelUrl)
            {
                baseUrl = modelUrl;
                baseUrlGiven = true;
            }

            if (!keyGiven)
            {
                apiKey = endpoint.ApiKey;
                apiKeys = endpoint.ApiKeys;
            }

            if (generic && !baseUrlGiven)
            {
                provider = ProfileSchema.GenericProvider;
            }

            if (!providerGiven && !baseUrlGiven)
            {
                _sink.Report(DiagnosticDescriptors.InvalidProfileValue, route.Span, "route", "an object with 'provider' (or 'kind'), 'base_url' or both",
                    "an object with neither");
                continue;
            }

            if (provider is null && baseUrl is null)
            {
                // Its only target was invalid (and reported above): the route cannot be used.
                continue;
            }

            if (provider is not null && providerSpan is { } span)
            {
                _sink.RememberName(new NameKey(NameKind.RouteProvider, _sink.Path, model, Index: routes.Count), span);
            }

            routes.Add(new RouteSpec(provider, baseUrl, weight, local, providerModelId, apiKey, requestsPerMinute, tokensPerMinute, apiKeys, maxInputTokens, tokensPerHour, tokensPerDay));
        }

        return routes.ToImmutableEquatableArray();
    }

    private static bool IsGenericKind(string kind)
    {
        foreach (string generic in ProfileSchema.GenericRouteKinds)
        {
            if (string.Equals(generic, kind, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An <c>api_key</c> value: an <c>${ENV}</c> reference, or <see langword="null"/> (a literal is a secret
    /// compiled into the program: reported and dropped).</summary>
    private string? ReadKeyReference(JsonPropertyNode field, string what, string? provider)
    {
        if (_sink.ReadString(field.Name, field.Value) is not { } key)
        {
            return null;
        }

        if (SecretRule.IsEnvironmentReference(key))
        {
            return key;
        }

        _sink.Report(DiagnosticDescriptors.LiteralSecret, field.Value.Span, what, ProviderRules.SuggestedVariable(provider ?? "ROUTE", "API_KEY"));
        return null;
    }

    /// <summary>The model-level <c>base_url</c>, <c>api_key</c> and <c>api_keys</c> (the seed's single-endpoint form).</summary>
    private ModelEndpoint ReadEndpoint(string model, JsonObjectNode entry)
    {
        string? baseUrl = null, apiKey = null;
        ImmutableEquatableArray<string>? apiKeys = null;
        JsonPropertyNode? keyField = null;
        if (entry.Find(ProfileSchema.BaseUrl) is { } url)
        {
            baseUrl = _sink.ReadRouteBaseUrl(url.Name, url.Value);
        }

        if (entry.Find(ProfileSchema.ApiKey) is { Value: not JsonNullNode } key)
        {
            keyField = key;
            apiKey = ReadKeyReference(key, $"The api_key of model '{model}'", null);
        }

        if (entry.Find(ProfileSchema.ApiKeys) is { Value: not JsonNullNode } keys)
        {
            keyField ??= keys;
            apiKeys = ReadRouteKeys(model, null, keys);
        }

        return new ModelEndpoint(baseUrl, entry.Find(ProfileSchema.BaseUrl) is { Value: not JsonNullNode }, apiKey, apiKeys, keyField);
    }

    /// <summary>A route's <c>api_keys</c>: each an <c>${ENV}</c> reference (a literal is a secret compiled into the
    /// program: reported and dropped, never kept).</summary>
    private ImmutableEquatableArray<string>? ReadRouteKeys(string model, string? provider, JsonPropertyNode field)
    {
        if (_sink.ReadStringArray(field.Name, field.Value) is not { } values)
        {
            return null;
        }

        var keys = new List<string>(values.Count);
        foreach ((string key, TextSpan span) in values)
        {
            if (SecretRule.IsEnvironmentReference(key))
            {
                keys.Add(key);
            }
            else
            {
                _sink.Report(DiagnosticDescriptors.LiteralSecret, span, $"An entry of the api_keys of a route of model '{model}'",
                    ProviderRules.SuggestedVariable(provider ?? "ROUTE", "API_KEY_" + (keys.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return keys.Count == 0 ? null : keys.ToImmutableEquatableArray();
    }

    /// <returns>Whether the list names <paramref name="special"/>, a modality that sets no flag of its own.</returns>
    private bool ReadModalities(JsonPropertyNode property, IReadOnlyDictionary<string, string> flags, Dictionary<string, bool> result, string? special = null)
    {
        if (_sink.ReadStringArray(property.Name, property.Value) is not { } values)
        {
            return false;
        }

        bool named = false;

        // A modality list is exhaustive: what it does not name, the model does not accept (or produce).
        foreach (string flag in flags.Values)
        {
            result[flag] = false;
        }

        foreach ((string modality, TextSpan span) in values)
        {
            if (flags.TryGetValue(modality, out string? flag))
            {
                result[flag] = true;
            }
            else if (modality == special)
            {
                named = true;
            }
            else
            {
                _sink.Report(DiagnosticDescriptors.UnknownProfileKey, span, modality, $"modality in {property.Name}",
                    ClosestMatch.DidYouMean(modality, special is null ? flags.Keys : flags.Keys.Append(special)));
            }
        }

        return named;
    }
}

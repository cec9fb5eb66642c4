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
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
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
                else if (ReadField(property, field.Kind) is { } value)
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
                    routes = ReadRoutes(id, property);
                    break;
                case ProfileSchema.Fallbacks:
                    fallbacks = ReadFallbacks(id, property);
                    break;
                case ProfileSchema.InputModalities:
                    ReadModalities(property, ProfileSchema.InputModalityFlags, modalityFlags);
                    break;
                case ProfileSchema.OutputModalities:
                    ReadModalities(property, ProfileSchema.OutputModalityFlags, modalityFlags);
                    break;
                default:
                    _sink.UnknownKey(property, "model field", KnownKeys);
                    break;
            }
        }

        // Modality lists are the seed's shorthand: an explicit *_inputs / *_outputs key wins over them.
        foreach (KeyValuePair<string, bool> flag in modalityFlags)
        {
            if (!fields.ContainsKey(flag.Key))
            {
                fields.Add(flag.Key, new ProfileFieldSpec(flag.Key, ProfileValueKind.Boolean, flag.Value ? "true" : "false"));
            }
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

    private string? ReadField(JsonPropertyNode property, ProfileValueKind kind) => kind switch
    {
        ProfileValueKind.Boolean => _sink.ReadBoolean(property.Name, property.Value) is { } flag ? (flag ? "true" : "false") : null,
        ProfileValueKind.Integer => _sink.ReadInteger(property.Name, property.Value, minimum: 0)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => _sink.ReadString(property.Name, property.Value),
    };

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

    private PricingSpec? ReadPricing(JsonPropertyNode property)
    {
        if (_sink.ReadObject(property.Name, property.Value) is not { } prices)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonPropertyNode price in prices.Properties)
        {
            if (Array.IndexOf(ProfileSchema.PricingKeys, price.Name) < 0)
            {
                _sink.UnknownKey(price, "pricing key", ProfileSchema.PricingKeys);
            }
            else if (values.ContainsKey(price.Name))
            {
                _sink.Report(DiagnosticDescriptors.DuplicateModel, price.NameSpan, "Key", price.Name, " in this pricing object");
            }
            else if (_sink.ReadDecimal(price.Name, price.Value, allowNegative: true) is { } amount)
            {
                // Negative prices are kept: OpenRouter writes -1 for "priced by the routed model".
                values[price.Name] = amount;
            }
        }

        return new PricingSpec(Get("prompt"), Get("completion"), Get("input_cache_read"), Get("input_cache_write"), Get("request"), Get("image"));

        string? Get(string key) => values.TryGetValue(key, out string? value) ? value : null;
    }

    private ImmutableEquatableArray<RouteSpec>? ReadRoutes(string model, JsonPropertyNode property)
    {
        if (_sink.ReadArray(property.Name, property.Value) is not { } array)
        {
            return null;
        }

        var routes = new List<RouteSpec>(array.Items.Count);
        foreach (JsonValueNode item in array.Items)
        {
            if (_sink.ReadObject("routes", item) is not { } route)
            {
                continue;
            }

            string? provider = null, baseUrl = null, providerModelId = null, apiKey = null;
            string weight = "1";
            bool local = false;
            int? requestsPerMinute = null, tokensPerMinute = null, tokensPerHour = null, tokensPerDay = null, maxInputTokens = null;
            ImmutableEquatableArray<string>? apiKeys = null;
            TextSpan? providerSpan = null;
            foreach (JsonPropertyNode field in route.Properties)
            {
                switch (field.Name)
                {
                    case "provider":
                        if (_sink.ReadString(field.Name, field.Value) is { } name)
                        {
                            if (ProviderRules.NameProblem(name) is { } problem)
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
                        baseUrl = _sink.ReadBaseUrl(field.Name, field.Value) ?? baseUrl;
                        break;
                    case "weight":
                        weight = _sink.ReadDecimal(field.Name, field.Value, allowNegative: false) ?? weight;
                        break;
                    case "local":
                        local = _sink.ReadBoolean(field.Name, field.Value) ?? local;
                        break;
                    case "provider_model_id":
                        providerModelId = _sink.ReadString(field.Name, field.Value);
                        break;
                    case "api_key":
                        if (_sink.ReadString(field.Name, field.Value) is { } key)
                        {
                            if (SecretRule.IsEnvironmentReference(key))
                            {
                                apiKey = key;
                            }
                            else
                            {
                                _sink.Report(DiagnosticDescriptors.LiteralSecret, field.Value.Span, $"The api_key of a route of model '{model}'",
                                    ProviderRules.SuggestedVariable(provider ?? "ROUTE", "API_KEY"));
                            }
                        }

                        break;
                    case "api_keys":
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
                        _sink.UnknownKey(field, "route field", ProfileSchema.RouteKeys);
                        break;
                }
            }

            bool providerGiven = route.Find("provider") is { Value: not JsonNullNode };
            bool baseUrlGiven = route.Find("base_url") is { Value: not JsonNullNode };
            if (providerGiven == baseUrlGiven)
            {
                _sink.Report(DiagnosticDescriptors.InvalidProfileValue, route.Span, "route", "an object with exactly one of 'provider' and 'base_url'",
                    providerGiven ? "an object with both" : "an object with neither");
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

    private void ReadModalities(JsonPropertyNode property, IReadOnlyDictionary<string, string> flags, Dictionary<string, bool> result)
    {
        if (_sink.ReadStringArray(property.Name, property.Value) is not { } values)
        {
            return;
        }

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
            else
            {
                _sink.Report(DiagnosticDescriptors.UnknownProfileKey, span, modality, $"modality in {property.Name}",
                    ClosestMatch.DidYouMean(modality, flags.Keys));
            }
        }
    }
}

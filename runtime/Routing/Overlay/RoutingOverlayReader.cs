using System.Globalization;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Reads an overlay file: System.Text.Json (source-generated, <see cref="RoutingOverlayJsonContext"/>) reads it into
/// <see cref="RoutingOverlayDocument"/>, then each value is checked and converted into a <see cref="RoutingOverlay"/>.
/// Every problem is a <see cref="ModelConfigurationException"/> naming the field; none echoes a value, which could be a
/// key written where its <c>${ENV}</c> reference belongs.
/// </summary>
internal static class RoutingOverlayReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static RoutingOverlay Read(ReadOnlySpan<byte> utf8Json, string source)
    {
        JsonDocument json;
        try
        {
            // Parsed first, so that what follows knows the text is JSON: a JsonException after this is a field of the
            // wrong shape, named by its path.
            json = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new ModelConfigurationException(
                $"The routing overlay {source} is not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", "overlay", RoutingOverlay.PathVariable, exception);
        }

        using (json)
        {
            RoutingOverlayDocument? document;
            try
            {
                document = json.RootElement.Deserialize(RoutingOverlayJsonContext.Default.RoutingOverlayDocument);
            }
            catch (JsonException exception)
            {
                throw Invalid(source, $"{Describe(exception.Path)} must be a JSON object");
            }

            // Converted while the document lives: the values are elements of it.
            return Convert(document ?? throw Invalid(source, "the overlay must be a JSON object"), source);
        }
    }

    private static RoutingOverlay Convert(RoutingOverlayDocument document, string source)
    {
        if (document.Unknown is { Count: > 0 } unknown)
        {
            throw Invalid(source, $"unknown field '{unknown.Keys.First()}' (expected models, cooldown_seconds, queue_limit or max_pause_seconds)");
        }

        var models = new Dictionary<string, RoutingOverlayModel>(StringComparer.OrdinalIgnoreCase);
        if (document.HasModels)
        {
            foreach ((string model, RoutingOverlayModelDocument? entry) in document.Models ?? throw Invalid(source, "models must be a JSON object"))
            {
                models[model] = ConvertModel(entry ?? throw Invalid(source, $"{model} must be a JSON object"), source, model);
            }
        }

        return new RoutingOverlay(
            source,
            models,
            Optional(document.CooldownSeconds) is { } cooldown ? TimeSpan.FromSeconds(Number(cooldown, source, "cooldown_seconds")) : null,
            Optional(document.QueueLimit) is { } queueLimit ? (int)Number(queueLimit, source, "queue_limit") : null,
            Optional(document.MaxPauseSeconds) is { } maxPause ? Seconds(maxPause, source, "max_pause_seconds") : null);
    }

    private static RoutingOverlayModel ConvertModel(RoutingOverlayModelDocument entry, string source, string model)
    {
        if (entry.Unknown is { Count: > 0 } unknown)
        {
            throw Invalid(source, $"unknown field '{unknown.Keys.First()}' in '{model}' (expected routes or fallbacks)");
        }

        var routes = new Dictionary<string, RoutingOverlayRoute>(StringComparer.OrdinalIgnoreCase);
        if (entry.HasRoutes)
        {
            foreach ((string route, RoutingOverlayRouteDocument? change) in entry.Routes ?? throw Invalid(source, $"{model}.routes must be a JSON object"))
            {
                string where = $"{model} route '{route}'";
                routes[route] = ConvertRoute(change ?? throw Invalid(source, $"{where} must be a JSON object"), source, where);
            }
        }

        return new RoutingOverlayModel(routes)
        {
            Fallbacks = Optional(entry.Fallbacks) is { } fallbacks ? Texts(fallbacks, source, $"{model}: fallbacks", value =>
                value.Length == 0 || value.StartsWith(':') || value.EndsWith(':') ? "a model id ('provider:model', or a model of the same provider)" : null) : null,
        };
    }

    private static RoutingOverlayRoute ConvertRoute(RoutingOverlayRouteDocument route, string source, string where)
    {
        if (route.Unknown is { Count: > 0 } unknown)
        {
            throw Invalid(source, $"{where}: unknown field '{unknown.Keys.First()}' (expected weight, base_url, api_key, api_keys, provider_model_id, enabled, requests_per_minute, tokens_per_minute, tokens_per_hour, tokens_per_day, max_input_tokens or timeout_seconds)");
        }

        Uri? baseUrl = null;
        if (Optional(route.BaseUrl) is { } baseUrlValue)
        {
            baseUrl = ProviderEnvironment.ParseHttpUri(Text(baseUrlValue, source, $"{where}: base_url"))
                ?? throw Invalid(source, $"{where}: base_url must be an absolute http(s) URL");
        }

        string? apiKey = null;
        if (Optional(route.ApiKey) is { } apiKeyValue)
        {
            apiKey = Text(apiKeyValue, source, $"{where}: api_key");
            if (!ProviderEnvironment.IsEnvironmentReference(apiKey))
            {
                // Never echo the value: it may be the key itself.
                throw Invalid(source, $"{where}: api_key must be an environment reference such as \"${{OPENROUTER_API_KEY}}\", never the key itself");
            }
        }

        bool? enabled = Optional(route.Enabled) is { } enabledValue
            ? enabledValue.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(source, $"{where}: enabled must be true or false"),
            }
            : null;

        return new RoutingOverlayRoute(
            Optional(route.Weight) is { } weight ? Number(weight, source, $"{where}: weight") : null,
            baseUrl,
            apiKey,
            enabled,
            Optional(route.RequestsPerMinute) is { } requests ? (int)Number(requests, source, $"{where}: requests_per_minute") : null,
            Optional(route.TokensPerMinute) is { } tokens ? (int)Number(tokens, source, $"{where}: tokens_per_minute") : null)
        {
            ProviderModelId = Optional(route.ProviderModelId) is { } modelId ? Text(modelId, source, $"{where}: provider_model_id") : null,
            TokensPerHour = Optional(route.TokensPerHour) is { } hour ? Whole(hour, source, $"{where}: tokens_per_hour") : null,
            TokensPerDay = Optional(route.TokensPerDay) is { } day ? Whole(day, source, $"{where}: tokens_per_day") : null,
            Timeout = Optional(route.TimeoutSeconds) is { } timeout ? Seconds(timeout, source, $"{where}: timeout_seconds") : null,
            // Never echoed: an entry may be a key written where its reference belongs.
            ApiKeys = Optional(route.ApiKeys) is { } keys ? Texts(keys, source, $"{where}: api_keys", key =>
                ProviderEnvironment.IsEnvironmentReference(key) ? null : "an environment reference such as \"${OPENROUTER_API_KEY_2}\", never the key itself") : null,
            MaxInputTokens = Optional(route.MaxInputTokens) is { } window ? Whole(window, source, $"{where}: max_input_tokens") : null,
        };
    }

    /// <summary>The value when the field was written (<c>null</c> included, which every check refuses), else <see langword="null"/>.</summary>
    private static JsonElement? Optional(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? null : value;

    private static double Number(JsonElement value, string source, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number) && number >= 0
            ? number
            : throw Invalid(source, $"{what} must be a number of at least 0");

    /// <summary>A duration in seconds, at most a day (a timer cannot hold much more, and no bound or pause needs it).</summary>
    private static TimeSpan Seconds(JsonElement value, string source, string what)
    {
        double seconds = Number(value, source, what);
        return seconds <= 86400 ? TimeSpan.FromSeconds(seconds) : throw Invalid(source, $"{what} must be at most 86400 (a day)");
    }

    /// <summary>A non-empty array of strings, each passing <paramref name="problem"/> (which says what an entry must be, or
    /// <see langword="null"/>); an entry is named by its position, never echoed.</summary>
    private static string[] Texts(JsonElement value, string source, string what, Func<string, string?> problem)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(source, $"{what} must be a non-empty array of strings");
        }

        var texts = new string[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string text = Text(item, source, $"{what}[{i}]");
            if (problem(text) is { } expected)
            {
                throw Invalid(source, $"{what}[{i}] must be {expected}");
            }

            texts[i++] = text;
        }

        return texts;
    }

    /// <summary>A whole number from 1 to <see cref="int.MaxValue"/> (a limit of 0 would refuse every call).</summary>
    private static int Whole(JsonElement value, string source, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= 1
            ? number
            : throw Invalid(source, $"{what} must be a whole number of at least 1");

    private static string Text(JsonElement value, string source, string what) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(source, $"{what} must be a string");

    /// <summary>What a System.Text.Json path (<c>$.models['a:b'].routes.x</c>) names, in the words of the overlay's
    /// other messages: the overlay, <c>models</c>, a model, its <c>routes</c>, or one route.</summary>
    private static string Describe(string? path)
    {
        List<string> names = PathNames(path);
        return names switch
        {
            ["models"] => "models",
            ["models", var model] => model,
            ["models", var model, "routes"] => $"{model}.routes",
            ["models", var model, "routes", var route, ..] => $"{model} route '{route}'",
            _ => "the overlay",
        };
    }

    private static List<string> PathNames(string? path)
    {
        var names = new List<string>();
        int i = path is ['$', ..] ? 1 : (path?.Length ?? 0);
        while (path is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                names.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal) && path.IndexOf("']", i + 2, StringComparison.Ordinal) is var close and >= 0)
            {
                names.Add(path[(i + 2)..close]);
                i = close + 2;
            }
            else
            {
                break;
            }
        }

        return names;
    }

    internal static ModelConfigurationException Invalid(string source, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The routing overlay {source} is invalid: {problem}."), "overlay", RoutingOverlay.PathVariable);
}

using System.Globalization;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Start-up changes to the routes of compiled models, read from a JSON file: a compiled registry cannot read new
/// profiles at run time, so weights, endpoints, keys (as <c>${ENV}</c> references only) and which routes are enabled
/// are changed here and validated against the compiled routes. Its path comes from code or from
/// <see cref="PathVariable"/>.
/// </summary>
/// <example>
/// <code>
/// {
///   "cooldown_seconds": 15,
///   "max_pause_seconds": 120,
///   "models": {
///     "local:assistant": {
///       "routes": {
///         "vllm": { "weight": 3, "base_url": "http://gpu-box:8000/v1", "enabled": true },
///         "openrouter": { "api_key": "${OPENROUTER_API_KEY}", "requests_per_minute": 20, "timeout_seconds": 20 }
///       }
///     }
///   }
/// }
/// </code>
/// </example>
public sealed class RoutingOverlay
{
    /// <summary>The environment variable holding the overlay file's path, read when no overlay is passed in code.</summary>
    public const string PathVariable = "MODELREGISTRY_OVERLAY";

    private static readonly Lock EnvironmentGate = new();
    private static (string Path, RoutingOverlay Overlay)? s_fromEnvironment;

    private RoutingOverlay(string source, Dictionary<string, RoutingOverlayModel> models, TimeSpan? cooldown, int? queueLimit, TimeSpan? maxPause)
    {
        Source = source;
        Models = models;
        Cooldown = cooldown;
        QueueLimit = queueLimit;
        MaxRoutePause = maxPause;
    }

    /// <summary>Where the overlay was read from (a path, or <c>(inline)</c>).</summary>
    public string Source { get; }

    /// <summary>The changes, keyed by <c>provider:model</c> (compared ignoring case).</summary>
    public IReadOnlyDictionary<string, RoutingOverlayModel> Models { get; }

    /// <summary>The circuit cooldown for every routed model, when set (<c>cooldown_seconds</c>).</summary>
    public TimeSpan? Cooldown { get; }

    /// <summary>The rate-limit queue length for every route, when set (<c>queue_limit</c>).</summary>
    public int? QueueLimit { get; }

    /// <summary>The longest pause an upstream's <c>Retry-After</c> may put on a route, when set (<c>max_pause_seconds</c>;
    /// see <see cref="RoutedChatClientOptions.MaxRoutePause"/>).</summary>
    public TimeSpan? MaxRoutePause { get; }

    /// <summary>Reads an overlay file.</summary>
    /// <exception cref="ModelConfigurationException">The file is missing, not JSON, or holds an unknown or invalid field.</exception>
    public static RoutingOverlay Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelConfigurationException($"The routing overlay '{path}' cannot be read: {exception.Message}", "overlay", PathVariable, exception);
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads an overlay from JSON text.</summary>
    /// <exception cref="ModelConfigurationException">The text is not JSON, or holds an unknown or invalid field.</exception>
    public static RoutingOverlay Parse(ReadOnlySpan<byte> utf8Json, string source = "(inline)")
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            return ReadRoot(ref reader, source);
        }
        catch (JsonException exception)
        {
            throw new ModelConfigurationException(
                $"The routing overlay {source} is not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", "overlay", PathVariable, exception);
        }
    }

    /// <summary>The overlay named by <see cref="PathVariable"/>, read once per path, or <see langword="null"/> when the variable is unset.</summary>
    public static RoutingOverlay? FromEnvironment()
    {
        string? path = ProviderEnvironment.Read(PathVariable);
        if (path is null)
        {
            return null;
        }

        lock (EnvironmentGate)
        {
            if (s_fromEnvironment is { } cached && cached.Path == path)
            {
                return cached.Overlay;
            }

            RoutingOverlay overlay = Load(path);
            s_fromEnvironment = (path, overlay);
            return overlay;
        }
    }

    /// <summary>The changes for <paramref name="provider"/>:<paramref name="model"/>, or <see langword="null"/>.</summary>
    public RoutingOverlayModel? Find(string provider, string model) =>
        Models.TryGetValue(provider + ":" + model, out RoutingOverlayModel? found) ? found : null;

    /// <summary>
    /// Checks every entry against the compiled registry: the model exists (by <c>provider:model</c>), declares routes,
    /// and has every route the entry names. Returns the problems, empty when the overlay fits.
    /// </summary>
    /// <param name="findProfile">Finds a compiled profile by provider and model (the registry's <c>TryGetProfile</c>).</param>
    public IReadOnlyList<string> Validate(Func<string, string, ModelProfile?> findProfile)
    {
        ArgumentNullException.ThrowIfNull(findProfile);
        var problems = new List<string>();
        foreach ((string key, RoutingOverlayModel entry) in Models)
        {
            int colon = key.IndexOf(':', StringComparison.Ordinal);
            ModelProfile? profile = colon > 0 ? findProfile(key[..colon], key[(colon + 1)..]) : null;
            if (profile is null)
            {
                problems.Add($"{Source}: '{key}' is not a compiled model (write it as provider:model).");
            }
            else if (profile.Routes.IsEmpty)
            {
                problems.Add($"{Source}: '{key}' declares no routes in its profile; an overlay can only change compiled routes.");
            }
            else if (entry.FindUnknownRoute(RouteNaming.Names(profile.Routes)) is { } unknown)
            {
                problems.Add($"{Source}: '{key}' has no route '{unknown}'. Its routes: {string.Join(", ", RouteNaming.Names(profile.Routes))}.");
            }
        }

        return problems;
    }

    private static RoutingOverlay ReadRoot(ref Utf8JsonReader reader, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, source, "the overlay");
        var models = new Dictionary<string, RoutingOverlayModel>(StringComparer.OrdinalIgnoreCase);
        TimeSpan? cooldown = null;
        int? queueLimit = null;
        TimeSpan? maxPause = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "models":
                    Expect(ref reader, JsonTokenType.StartObject, source, "models", read: false);
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        string model = reader.GetString()!;
                        reader.Read();
                        models[model] = ReadModel(ref reader, source, model);
                    }

                    break;
                case "cooldown_seconds":
                    cooldown = TimeSpan.FromSeconds(ReadNumber(ref reader, source, name));
                    break;
                case "queue_limit":
                    queueLimit = (int)ReadNumber(ref reader, source, name);
                    break;
                case "max_pause_seconds":
                    maxPause = ReadSeconds(ref reader, source, name);
                    break;
                case "$schema":
                    reader.Skip();
                    break;
                default:
                    throw Invalid(source, $"unknown field '{name}' (expected models, cooldown_seconds, queue_limit or max_pause_seconds)");
            }
        }

        return new RoutingOverlay(source, models, cooldown, queueLimit, maxPause);
    }

    private static RoutingOverlayModel ReadModel(ref Utf8JsonReader reader, string source, string model)
    {
        Expect(ref reader, JsonTokenType.StartObject, source, model, read: false);
        var routes = new Dictionary<string, RoutingOverlayRoute>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name != "routes")
            {
                throw Invalid(source, $"unknown field '{name}' in '{model}' (expected routes)");
            }

            Expect(ref reader, JsonTokenType.StartObject, source, $"{model}.routes", read: false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string route = reader.GetString()!;
                reader.Read();
                routes[route] = ReadRoute(ref reader, source, $"{model} route '{route}'");
            }
        }

        return new RoutingOverlayModel(routes);
    }

    private static RoutingOverlayRoute ReadRoute(ref Utf8JsonReader reader, string source, string where)
    {
        Expect(ref reader, JsonTokenType.StartObject, source, where, read: false);
        double? weight = null;
        Uri? baseUrl = null;
        string? apiKey = null;
        bool? enabled = null;
        int? requestsPerMinute = null, tokensPerMinute = null;
        string? providerModelId = null;
        TimeSpan? timeout = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "weight":
                    weight = ReadNumber(ref reader, source, $"{where}: weight");
                    break;
                case "base_url":
                    string text = ReadString(ref reader, source, $"{where}: base_url");
                    baseUrl = ProviderEnvironment.ParseHttpUri(text)
                        ?? throw Invalid(source, $"{where}: base_url must be an absolute http(s) URL");
                    break;
                case "api_key":
                    apiKey = ReadString(ref reader, source, $"{where}: api_key");
                    if (!ProviderEnvironment.IsEnvironmentReference(apiKey))
                    {
                        // Never echo the value: it may be the key itself.
                        throw Invalid(source, $"{where}: api_key must be an environment reference such as \"${{OPENROUTER_API_KEY}}\", never the key itself");
                    }

                    break;
                case "enabled":
                    enabled = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw Invalid(source, $"{where}: enabled must be true or false"),
                    };
                    break;
                case "provider_model_id":
                    providerModelId = ReadString(ref reader, source, $"{where}: provider_model_id");
                    break;
                case "requests_per_minute":
                    requestsPerMinute = (int)ReadNumber(ref reader, source, $"{where}: requests_per_minute");
                    break;
                case "tokens_per_minute":
                    tokensPerMinute = (int)ReadNumber(ref reader, source, $"{where}: tokens_per_minute");
                    break;
                case "timeout_seconds":
                    timeout = ReadSeconds(ref reader, source, $"{where}: timeout_seconds");
                    break;
                default:
                    throw Invalid(source, $"{where}: unknown field '{name}' (expected weight, base_url, api_key, provider_model_id, enabled, requests_per_minute, tokens_per_minute or timeout_seconds)");
            }
        }

        return new RoutingOverlayRoute(weight, baseUrl, apiKey, enabled, requestsPerMinute, tokensPerMinute) { ProviderModelId = providerModelId, Timeout = timeout };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, string what, bool read = true)
    {
        if ((read && !reader.Read()) || reader.TokenType != type)
        {
            throw Invalid(source, $"{what} must be a JSON {(type == JsonTokenType.StartObject ? "object" : type.ToString())}");
        }
    }

    private static double ReadNumber(ref Utf8JsonReader reader, string source, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) && double.IsFinite(value) && value >= 0
            ? value
            : throw Invalid(source, $"{what} must be a number of at least 0");

    /// <summary>A duration in seconds, at most a day (a timer cannot hold much more, and no bound or pause needs it).</summary>
    private static TimeSpan ReadSeconds(ref Utf8JsonReader reader, string source, string what)
    {
        double seconds = ReadNumber(ref reader, source, what);
        return seconds <= 86400 ? TimeSpan.FromSeconds(seconds) : throw Invalid(source, $"{what} must be at most 86400 (a day)");
    }

    private static string ReadString(ref Utf8JsonReader reader, string source, string what) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Invalid(source, $"{what} must be a string");

    private static ModelConfigurationException Invalid(string source, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The routing overlay {source} is invalid: {problem}."), "overlay", PathVariable);
}

/// <summary>The overlay's changes to one routed model.</summary>
/// <param name="Routes">Changes by route name (the route's provider, or its base URL's host and port), compared ignoring case.</param>
public sealed record RoutingOverlayModel(IReadOnlyDictionary<string, RoutingOverlayRoute> Routes)
{
    internal string? FindUnknownRoute(IReadOnlyList<string> names) =>
        Routes.Keys.FirstOrDefault(key => !names.Contains(key, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The overlay's changes to one route; <see langword="null"/> keeps the compiled value.</summary>
/// <param name="Weight">The new weight.</param>
/// <param name="BaseUrl">The new endpoint.</param>
/// <param name="ApiKey">The key as an <c>${ENV}</c> reference.</param>
/// <param name="Enabled"><see langword="false"/> leaves the route out.</param>
/// <param name="RequestsPerMinute">The new request limit.</param>
/// <param name="TokensPerMinute">The new token limit.</param>
public sealed record RoutingOverlayRoute(double? Weight, Uri? BaseUrl, string? ApiKey, bool? Enabled, int? RequestsPerMinute, int? TokensPerMinute)
{
    /// <summary>The model id the route sends on the wire (a vLLM serving another checkpoint), when changed.</summary>
    public string? ProviderModelId { get; init; }

    /// <summary>The route's bound on a call (<c>timeout_seconds</c>; see <see cref="ChatRoute.Timeout"/>), when changed.</summary>
    public TimeSpan? Timeout { get; init; }

    // ToString shows an ${ENV} reference but never a key written in its place.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Weight = {Weight}, BaseUrl = {BaseUrl}, ApiKey = {ProviderEnvironment.DescribeKeyReference(ApiKey)}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Enabled = {Enabled}, RequestsPerMinute = {RequestsPerMinute}, TokensPerMinute = {TokensPerMinute}, ProviderModelId = {ProviderModelId}, Timeout = {Timeout}");
        return true;
    }
}

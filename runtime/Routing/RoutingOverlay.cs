using System.Globalization;

namespace ModelRegistry;

/// <summary>
/// Start-up changes to the routes of compiled models, read from a JSON file: a compiled registry cannot read new
/// profiles at run time, so weights, endpoints, keys (as <c>${ENV}</c> references only) and which routes are enabled
/// are changed here and validated against the compiled routes. Its path comes from code or from
/// <see cref="PathVariable"/>; <see cref="RoutingOverlayReader"/> reads it.
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

    internal RoutingOverlay(string source, Dictionary<string, RoutingOverlayModel> models, TimeSpan? cooldown, int? queueLimit, TimeSpan? maxPause)
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
        return Parse(ReadFile(path), path);
    }

    /// <summary>The bytes of an overlay file, with the error <see cref="Load"/> gives when it cannot be read (the gateway
    /// hashes the bytes it reloads).</summary>
    /// <exception cref="ModelConfigurationException">The file is missing or cannot be read.</exception>
    internal static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelConfigurationException($"The routing overlay '{path}' cannot be read: {exception.Message}", "overlay", PathVariable, exception);
        }
    }

    /// <summary>Reads an overlay from JSON text.</summary>
    /// <exception cref="ModelConfigurationException">The text is not JSON, or holds an unknown or invalid field.</exception>
    public static RoutingOverlay Parse(ReadOnlySpan<byte> utf8Json, string source = "(inline)")
    {
        ArgumentNullException.ThrowIfNull(source);
        return RoutingOverlayReader.Read(utf8Json, source);
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
    /// and has every route the entry names; its <c>fallbacks</c> are compiled models and lead back to no model. Returns the problems, empty when the overlay fits.
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
            else if (profile.Routes.IsEmpty && (entry.Routes.Count > 0 || entry.Fallbacks is null))
            {
                problems.Add($"{Source}: '{key}' declares no routes in its profile; an overlay can only change compiled routes.");
            }
            else if (entry.FindUnknownRoute(RouteNaming.Names(profile.Routes)) is { } unknown)
            {
                problems.Add($"{Source}: '{key}' has no route '{unknown}'. Its routes: {string.Join(", ", RouteNaming.Names(profile.Routes))}.");
            }
        }

        problems.AddRange(ModelFallbacks.Validate(this, findProfile));
        return problems;
    }
}

/// <summary>The overlay's changes to one routed model.</summary>
/// <param name="Routes">Changes by route name (the route's provider, or its base URL's host and port), compared ignoring case.</param>
public sealed record RoutingOverlayModel(IReadOnlyDictionary<string, RoutingOverlayRoute> Routes)
{
    /// <summary>The fallback models (<c>provider:model</c>, or a model of the same provider), replacing the compiled
    /// <see cref="ModelProfile.Fallbacks"/>, when set.</summary>
    public IReadOnlyList<string>? Fallbacks { get; init; }

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

    /// <summary>Several keys as <c>${ENV}</c> references, rotated on 429 and refused keys (see <see cref="ModelRoute.ApiKeys"/>), when changed.</summary>
    public IReadOnlyList<string>? ApiKeys { get; init; }

    /// <summary>The route's context window (see <see cref="ChatRoute.MaxInputTokens"/>), when changed.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>The new limit of tokens per hour (<c>tokens_per_hour</c>).</summary>
    public int? TokensPerHour { get; init; }

    /// <summary>The new limit of tokens per day (<c>tokens_per_day</c>).</summary>
    public int? TokensPerDay { get; init; }

    // ToString shows an ${ENV} reference but never a key written in its place.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Weight = {Weight}, BaseUrl = {BaseUrl}, ApiKey = {ProviderEnvironment.DescribeKeyReference(ApiKey)}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Enabled = {Enabled}, RequestsPerMinute = {RequestsPerMinute}, TokensPerMinute = {TokensPerMinute}, TokensPerHour = {TokensPerHour}, TokensPerDay = {TokensPerDay}, ProviderModelId = {ProviderModelId}, Timeout = {Timeout}, ");
        builder.Append(CultureInfo.InvariantCulture, $"ApiKeys = [{string.Join(", ", (ApiKeys ?? []).Select(ProviderEnvironment.DescribeKeyReference))}], MaxInputTokens = {MaxInputTokens}");
        return true;
    }
}

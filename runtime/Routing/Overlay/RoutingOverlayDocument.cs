using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelRegistry;

// The overlay file's shape as System.Text.Json reads it (RoutingOverlayJsonContext): the objects are typed, the values
// stay JsonElements (Undefined when absent, Null when written as null) so that RoutingOverlayReader checks each one
// with the overlay's own messages, and the fields no level knows land in Unknown, so a misspelt field is an error
// rather than silently ignored. (Extension data cannot be init-only: System.Text.Json fills it after construction.)

/// <summary>The overlay file: <c>models</c> and the settings for every routed model.</summary>
internal sealed record RoutingOverlayDocument
{
    private Dictionary<string, RoutingOverlayModelDocument?>? _models;

    /// <summary>The entries by <c>provider:model</c>; <see langword="null"/> when absent or written as <c>null</c> (see <see cref="HasModels"/>).</summary>
    [JsonPropertyName("models")]
    public Dictionary<string, RoutingOverlayModelDocument?>? Models
    {
        get => _models;
        set
        {
            _models = value;
            HasModels = true;
        }
    }

    /// <summary>Whether <c>models</c> was written at all: System.Text.Json calls a setter only for a field that is there
    /// (an init accessor it calls always, hence the plain setter).</summary>
    [JsonIgnore]
    public bool HasModels { get; private set; }

    [JsonPropertyName("cooldown_seconds")]
    public JsonElement CooldownSeconds { get; init; }

    [JsonPropertyName("queue_limit")]
    public JsonElement QueueLimit { get; init; }

    [JsonPropertyName("max_pause_seconds")]
    public JsonElement MaxPauseSeconds { get; init; }

    /// <summary>The editor's schema reference: allowed, and ignored.</summary>
    [JsonPropertyName("$schema")]
    public JsonElement Schema { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One model's entry: its <c>routes</c>.</summary>
internal sealed record RoutingOverlayModelDocument
{
    private Dictionary<string, RoutingOverlayRouteDocument?>? _routes;

    [JsonPropertyName("routes")]
    public Dictionary<string, RoutingOverlayRouteDocument?>? Routes
    {
        get => _routes;
        set
        {
            _routes = value;
            HasRoutes = true;
        }
    }

    /// <summary>Whether <c>routes</c> was written at all.</summary>
    [JsonIgnore]
    public bool HasRoutes { get; private set; }

    /// <summary>The fallback models, replacing the compiled ones.</summary>
    [JsonPropertyName("fallbacks")]
    public JsonElement Fallbacks { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>One route's changes, each value as written.</summary>
internal sealed record RoutingOverlayRouteDocument
{
    [JsonPropertyName("weight")]
    public JsonElement Weight { get; init; }

    [JsonPropertyName("base_url")]
    public JsonElement BaseUrl { get; init; }

    [JsonPropertyName("api_key")]
    public JsonElement ApiKey { get; init; }

    [JsonPropertyName("provider_model_id")]
    public JsonElement ProviderModelId { get; init; }

    [JsonPropertyName("enabled")]
    public JsonElement Enabled { get; init; }

    [JsonPropertyName("requests_per_minute")]
    public JsonElement RequestsPerMinute { get; init; }

    [JsonPropertyName("tokens_per_minute")]
    public JsonElement TokensPerMinute { get; init; }

    [JsonPropertyName("tokens_per_hour")]
    public JsonElement TokensPerHour { get; init; }

    [JsonPropertyName("tokens_per_day")]
    public JsonElement TokensPerDay { get; init; }

    [JsonPropertyName("timeout_seconds")]
    public JsonElement TimeoutSeconds { get; init; }

    [JsonPropertyName("api_keys")]
    public JsonElement ApiKeys { get; init; }

    [JsonPropertyName("max_input_tokens")]
    public JsonElement MaxInputTokens { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }

    // A record prints its members: this one never does, since api_key may hold a key written in its place.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

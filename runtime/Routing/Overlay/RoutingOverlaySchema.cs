using System.Text;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// The JSON Schema of a routing overlay for one compiled registry: its models (<c>provider:model</c>) and, for each
/// routed model, its route names as the overlay addresses them, so that an editor completes them and flags a misspelt
/// one. It describes what <see cref="RoutingOverlay.Parse"/> and <see cref="RoutingOverlay.Validate"/> accept; those stay
/// the authority (names compare ignoring case there, exactly here), and an overlay points at it with <c>"$schema"</c>.
/// </summary>
public static class RoutingOverlaySchema
{
    /// <summary>The schema of the overlay of <paramref name="registry"/>, as indented JSON (draft 2020-12).</summary>
    /// <param name="registry">The compiled registry (for example <c>Models.Registry</c>).</param>
    public static string Generate(IModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var models = new List<(string Id, IReadOnlyList<string> Routes, bool IsEmbedding)>();
        foreach (ProviderInfo provider in registry.Providers.Where(p => !p.IsBuiltIn))
        {
            foreach (string model in provider.Models)
            {
                // An embedding model takes no fallbacks (ModelFallbacks.Validate): without routes, nothing of it can change.
                if (registry.TryGetProfile(provider.Name, model, out ModelProfile? profile) && (profile.Kind != ModelKind.Embedding || !profile.Routes.IsEmpty))
                {
                    models.Add((provider.Name + ":" + profile.Model, RouteNaming.Names(profile.Routes), profile.Kind == ModelKind.Embedding));
                }
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            json.WriteString("title", "ModelRegistry routing overlay");
            json.WriteString("description", "Start-up changes to the compiled routes (docs/gateway.md). Generated from the compiled registry: regenerate it after a profile changes.");
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            Property(json, "$schema", "string", "The schema an editor reads (this file); ignored by the gateway.");
            Seconds(json, "cooldown_seconds", "How long a failing route cools down, for every routed model.");
            Property(json, "queue_limit", "integer", "Calls that may wait for a rate-limited route.", minimum: 0);
            Seconds(json, "max_pause_seconds", "The longest pause an upstream's Retry-After may put on a route.");
            json.WriteStartObject("models");
            json.WriteString("type", "object");
            json.WriteString("description", "Changes by compiled model (provider:model).");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            foreach ((string id, IReadOnlyList<string> routes, bool isEmbedding) in models)
            {
                WriteModel(json, id, routes, takesFallbacks: !isEmbedding);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("$defs");
            WriteRoute(json);
            WriteFallbacks(json, models.Where(m => !m.IsEmbedding).Select(m => m.Id));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteModel(Utf8JsonWriter json, string id, IReadOnlyList<string> routes, bool takesFallbacks)
    {
        json.WriteStartObject(id);
        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        if (routes.Count > 0)
        {
            json.WriteStartObject("routes");
            json.WriteString("type", "object");
            json.WriteString("description", "Changes by route name: " + string.Join(", ", routes) + ".");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            foreach (string route in routes)
            {
                json.WriteStartObject(route);
                json.WriteString("$ref", "#/$defs/route");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (takesFallbacks)
        {
            json.WriteStartObject("fallbacks");
            json.WriteString("$ref", "#/$defs/fallbacks");
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (routes.Count == 0)
        {
            // A model without compiled routes may only have its fallbacks changed (RoutingOverlay.Validate).
            json.WriteStartArray("required");
            json.WriteStringValue("fallbacks");
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteRoute(Utf8JsonWriter json)
    {
        json.WriteStartObject("route");
        json.WriteString("type", "object");
        json.WriteBoolean("additionalProperties", false);
        json.WriteStartObject("properties");
        Property(json, "weight", "number", "Relative share of traffic; 0 serves only as a fallback.", minimum: 0);
        json.WriteStartObject("base_url");
        json.WriteString("type", "string");
        json.WriteString("format", "uri");
        json.WriteString("pattern", "^https?://");
        json.WriteString("description", "The route's endpoint (an absolute http(s) URL).");
        json.WriteEndObject();
        json.WriteStartObject("api_key");
        json.WriteString("$ref", "#/$defs/key_reference");
        json.WriteEndObject();
        json.WriteStartObject("api_keys");
        json.WriteString("type", "array");
        json.WriteString("description", "Several keys, rotated on 429 and refused keys.");
        json.WriteStartObject("items");
        json.WriteString("$ref", "#/$defs/key_reference");
        json.WriteEndObject();
        json.WriteEndObject();
        Property(json, "provider_model_id", "string", "The model id the route sends on the wire.");
        Property(json, "enabled", "boolean", "false leaves the route out.");
        Property(json, "requests_per_minute", "integer", "Requests per minute allowed on the route.", minimum: 0);
        Property(json, "tokens_per_minute", "integer", "Tokens per minute allowed on the route.", minimum: 0);
        Property(json, "tokens_per_hour", "integer", "Tokens per hour allowed on the route.", minimum: 1);
        Property(json, "tokens_per_day", "integer", "Tokens per day allowed on the route.", minimum: 1);
        Property(json, "max_input_tokens", "integer", "The route's context window.", minimum: 1);
        Seconds(json, "timeout_seconds", "How long a call on the route may wait for its first content.");
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("key_reference");
        json.WriteString("type", "string");
        json.WriteString("pattern", "^\\$\\{[^}]+\\}$");
        json.WriteString("description", "An environment reference such as ${OPENROUTER_API_KEY}, never the key itself.");
        json.WriteEndObject();
    }

    private static void WriteFallbacks(Utf8JsonWriter json, IEnumerable<string> ids)
    {
        json.WriteStartObject("fallbacks");
        json.WriteString("type", "array");
        json.WriteString("description", "Fallback models, replacing the compiled ones: provider:model, or a model of the same provider.");
        json.WriteStartObject("items");
        json.WriteString("type", "string");
        json.WriteStartArray("anyOf");
        json.WriteStartObject();
        json.WriteStartArray("enum");
        foreach (string id in ids)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("pattern", "^[^:]+$");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Seconds(Utf8JsonWriter json, string name, string description)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "number");
        json.WriteNumber("minimum", 0);
        json.WriteNumber("maximum", 86400);
        json.WriteString("description", description + " Seconds, at most a day.");
        json.WriteEndObject();
    }

    private static void Property(Utf8JsonWriter json, string name, string type, string description, int? minimum = null)
    {
        json.WriteStartObject(name);
        json.WriteString("type", type);
        if (minimum is { } least)
        {
            json.WriteNumber("minimum", least);
        }

        json.WriteString("description", description);
        json.WriteEndObject();
    }
}

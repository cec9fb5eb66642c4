using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace ModelRegistry.Compiler;

/// <summary>
/// Reads a models.dev catalog (the <c>api.json</c> shape: provider id → <c>{ id, name, api, env, doc, models: { id →
/// { name, reasoning, tool_call, attachment, temperature, modalities, cost, limit, release_date, last_updated,
/// open_weights, status, structured_output? } } }</c>) into <see cref="CatalogProviderSpec"/>s whose models carry
/// <c>ModelProfile</c> fields, the way <c>langchain-profiles refresh</c> maps the same data.
/// </summary>
/// <remarks>
/// The catalog is third-party data the user cannot edit in place, so nothing here is reported: a value of the wrong type
/// is skipped, the rest of its model kept. models.dev prices are US dollars per million tokens; <c>ModelPricing</c> is per
/// token, so each price is divided by a million (exactly, in <see cref="decimal"/>). <c>limit.input</c>, where the catalog
/// gives one, is the input window; else <c>limit.context</c>. Never throws on any input.
/// </remarks>
internal static class CatalogReader
{
    private static readonly (string Key, string Property)[] Booleans =
    {
        ("attachment", "Attachment"),
        ("open_weights", "OpenWeights"),
        ("reasoning", "ReasoningOutput"),
        ("structured_output", "StructuredOutput"),
        ("temperature", "Temperature"),
        ("tool_call", "ToolCalling"),
    };

    private static readonly (string Key, string Property)[] Strings =
    {
        ("last_updated", "LastUpdated"),
        ("name", "Name"),
        ("release_date", "ReleaseDate"),
        ("status", "Status"),
    };

    private static readonly (string Modality, string Property)[] Inputs =
    {
        ("audio", "AudioInputs"), ("image", "ImageInputs"), ("pdf", "PdfInputs"), ("text", "TextInputs"), ("video", "VideoInputs"),
    };

    private static readonly (string Modality, string Property)[] Outputs =
    {
        ("audio", "AudioOutputs"), ("image", "ImageOutputs"), ("text", "TextOutputs"), ("video", "VideoOutputs"),
    };

    /// <summary>Whether <paramref name="root"/> has the catalog's shape: no profile-file key, and every value an object
    /// with a <c>models</c> object (a bare model map never has a <c>models</c> key in its entries: it is no model field).</summary>
    public static bool IsCatalog(JsonObjectNode root)
    {
        if (root.Properties.Count == 0)
        {
            return false;
        }

        foreach (JsonPropertyNode property in root.Properties)
        {
            if (property.Value is not JsonObjectNode provider || provider.Find(ProfileSchema.Models)?.Value is not JsonObjectNode)
            {
                return false;
            }
        }

        return true;
    }

    public static ImmutableEquatableArray<CatalogProviderSpec> Read(JsonObjectNode root, CancellationToken cancellationToken)
    {
        var providers = new List<CatalogProviderSpec>(root.Properties.Count);
        var seenProviders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonPropertyNode property in root.Properties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (property.Name.Length == 0 || !seenProviders.Add(property.Name) || property.Value is not JsonObjectNode provider
                || provider.Find(ProfileSchema.Models)?.Value is not JsonObjectNode map)
            {
                continue;
            }

            var models = new List<ModelSpec>(map.Properties.Count);
            var seenModels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonPropertyNode entry in map.Properties)
            {
                if (entry.Name.Length > 0 && entry.Value is JsonObjectNode model && seenModels.Add(entry.Name))
                {
                    models.Add(ReadModel(entry.Name, model));
                }
            }

            providers.Add(new CatalogProviderSpec(property.Name, models.ToImmutableEquatableArray()));
        }

        return providers.ToImmutableEquatableArray();
    }

    private static ModelSpec ReadModel(string id, JsonObjectNode model)
    {
        var fields = new List<ProfileFieldSpec>();
        foreach ((string key, string property) in Strings)
        {
            if (model.Find(key)?.Value is JsonStringNode { Value.Length: > 0 } text)
            {
                fields.Add(new ProfileFieldSpec(property, ProfileValueKind.String, text.Value));
            }
        }

        foreach ((string key, string property) in Booleans)
        {
            if (model.Find(key)?.Value is JsonBooleanNode flag)
            {
                fields.Add(Boolean(property, flag.Value));
            }
        }

        if (model.Find("limit")?.Value is JsonObjectNode limit)
        {
            if ((Integer(limit.Find("input")) ?? Integer(limit.Find("context"))) is { } input)
            {
                fields.Add(new ProfileFieldSpec("MaxInputTokens", ProfileValueKind.Integer, input));
            }

            if (Integer(limit.Find("output")) is { } output)
            {
                fields.Add(new ProfileFieldSpec("MaxOutputTokens", ProfileValueKind.Integer, output));
            }
        }

        if (model.Find("modalities")?.Value is JsonObjectNode modalities)
        {
            AddModalities(modalities.Find("input"), Inputs, fields);
            AddModalities(modalities.Find("output"), Outputs, fields);
        }

        PricingSpec? pricing = null;
        if (model.Find("cost")?.Value is JsonObjectNode cost)
        {
            pricing = new PricingSpec(PerToken(cost.Find("input")), PerToken(cost.Find("output")),
                PerToken(cost.Find("cache_read")), PerToken(cost.Find("cache_write")), Request: null, Image: null);
            if (pricing is { Prompt: null, Completion: null, InputCacheRead: null, InputCacheWrite: null })
            {
                pricing = null;
            }
        }

        return new ModelSpec(
            id,
            ImmutableEquatableArray<string>.Empty,
            fields.OrderBy(f => f.PropertyName, StringComparer.Ordinal).ToImmutableEquatableArray(),
            Compatibility: null,
            pricing,
            SupportedParams: null,
            Routes: null);
    }

    /// <summary>A modality list sets every flag of its direction: present true, absent false (the list is complete).</summary>
    private static void AddModalities(JsonPropertyNode? list, (string Modality, string Property)[] flags, List<ProfileFieldSpec> fields)
    {
        if (list?.Value is not JsonArrayNode array)
        {
            return;
        }

        var present = new HashSet<string>(array.Items.OfType<JsonStringNode>().Select(s => s.Value), StringComparer.OrdinalIgnoreCase);
        foreach ((string modality, string property) in flags)
        {
            fields.Add(Boolean(property, present.Contains(modality)));
        }
    }

    private static ProfileFieldSpec Boolean(string property, bool value) =>
        new(property, ProfileValueKind.Boolean, value ? "true" : "false");

    /// <summary>A non-negative whole number that fits an <see cref="int"/> (a <c>ModelProfile</c> limit), as invariant text.</summary>
    private static string? Integer(JsonPropertyNode? property) =>
        property?.Value is JsonNumberNode number
        && decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
        && value >= 0 && value <= int.MaxValue && decimal.Truncate(value) == value
            ? ((int)value).ToString(CultureInfo.InvariantCulture)
            : null;

    private static string? PerToken(JsonPropertyNode? property)
    {
        if (property?.Value is not JsonNumberNode number
            || !decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal perMillion))
        {
            return null;
        }

        return (perMillion / 1_000_000m).ToString(CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>Reads one provider of a models.dev <c>api.json</c> the way the generator maps a catalog AdditionalFile
/// (compiler/Core/Catalog/CatalogReader.cs): prices from US dollars per million tokens to per token, <c>limit.input</c>
/// (else <c>limit.context</c>) as the input window.</summary>
internal static class CatalogModelReader
{
    private static readonly (string From, string To)[] Copied =
    [
        ("name", "name"), ("status", "status"), ("release_date", "release_date"), ("last_updated", "last_updated"),
        ("open_weights", "open_weights"), ("attachment", "attachment"), ("reasoning", "reasoning_output"),
        ("structured_output", "structured_output"), ("temperature", "temperature"), ("tool_call", "tool_calling"),
    ];

    private static readonly (string From, string To)[] Prices =
    [
        ("input", "prompt"), ("output", "completion"), ("cache_read", "input_cache_read"), ("cache_write", "input_cache_write"),
    ];

    public static IReadOnlyList<SourceModel> Read(JsonNode root, string catalogProvider)
    {
        if (root is not JsonObject catalog)
        {
            throw new RefreshException("The catalog is not a JSON object of providers (models.dev's api.json shape).");
        }

        JsonObject? provider = catalog.FirstOrDefault(p => string.Equals(p.Key, catalogProvider, StringComparison.OrdinalIgnoreCase)).Value as JsonObject;
        if (provider?["models"] is not JsonObject models)
        {
            string known = string.Join(", ", catalog.Select(p => p.Key).Order(StringComparer.Ordinal));
            throw new RefreshException($"The catalog has no provider '{catalogProvider}' with models (it has: {known}); pass --catalog-provider.");
        }

        var result = new List<SourceModel>(models.Count);
        foreach ((string id, JsonNode? node) in models)
        {
            if (node is JsonObject model && id.Length > 0)
            {
                result.Add(new SourceModel(id, Fields(model)));
            }
        }

        return result;
    }

    private static JsonObject Fields(JsonObject model)
    {
        var fields = new JsonObject();
        foreach ((string from, string to) in Copied)
        {
            if (model[from] is JsonValue value)
            {
                fields[to] = value.DeepClone();
            }
        }

        if (model["limit"] is JsonObject limit)
        {
            if ((ModelListReader.Integer(limit["input"]) ?? ModelListReader.Integer(limit["context"])) is { } input)
            {
                fields["max_input_tokens"] = input;
            }

            if (ModelListReader.Integer(limit["output"]) is { } output)
            {
                fields["max_output_tokens"] = output;
            }
        }

        if (model["modalities"] is JsonObject modalities)
        {
            Modalities.Write(modalities["input"], Modalities.Inputs, fields);
            Modalities.Write(modalities["output"], Modalities.Outputs, fields);
        }

        if (model["cost"] is JsonObject cost)
        {
            var prices = new JsonObject();
            foreach ((string from, string to) in Prices)
            {
                if (ModelListReader.Decimal(cost[from]) is { } perMillion)
                {
                    prices[to] = (perMillion / 1_000_000m).ToString(CultureInfo.InvariantCulture);
                }
            }

            if (prices.Count > 0)
            {
                fields["pricing"] = prices;
            }
        }

        return fields;
    }
}

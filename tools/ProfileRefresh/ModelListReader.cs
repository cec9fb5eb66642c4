using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>
/// Reads a <c>GET /models</c> answer (<c>{ "data": [ ... ] }</c>). An entry in OpenRouter's rich shape gives its name,
/// context window (<c>context_length</c>), output limit (<c>top_provider.max_completion_tokens</c>), modalities
/// (<c>architecture</c>), prices (already US dollars per token) and what <c>supported_parameters</c> implies (tools, tool
/// choice, structured outputs, reasoning, temperature); an entry in the plain OpenAI shape gives its id only, and vLLM's
/// <c>max_model_len</c> when it is there.
/// </summary>
internal static class ModelListReader
{
    private static readonly string[] Prices = ["prompt", "completion", "input_cache_read", "input_cache_write", "request", "image"];

    public static IReadOnlyList<SourceModel> Read(JsonNode root)
    {
        if (root is not JsonObject { } list || list["data"] is not JsonArray data)
        {
            throw new RefreshException("The /models answer has no \"data\" array: is it an OpenAI-compatible model list?");
        }

        var models = new List<SourceModel>(data.Count);
        foreach (JsonNode? item in data)
        {
            if (item is JsonObject entry && Text(entry["id"]) is { Length: > 0 } id)
            {
                models.Add(new SourceModel(id, Fields(entry)));
            }
        }

        return models;
    }

    private static JsonObject Fields(JsonObject entry)
    {
        var fields = new JsonObject();
        if (Text(entry["name"]) is { Length: > 0 } name)
        {
            fields["name"] = name;
        }

        if ((Integer(entry["context_length"]) ?? Integer(entry["max_model_len"])) is { } context)
        {
            fields["max_input_tokens"] = context;
        }

        if (entry["top_provider"] is JsonObject top && Integer(top["max_completion_tokens"]) is { } output)
        {
            fields["max_output_tokens"] = output;
        }

        if (entry["architecture"] is JsonObject architecture)
        {
            Modalities.Write(architecture["input_modalities"], Modalities.Inputs, fields);
            Modalities.Write(architecture["output_modalities"], Modalities.Outputs, fields);
        }

        if (entry["supported_parameters"] is JsonArray parameters)
        {
            var names = parameters.Select(Text).OfType<string>().ToList();
            fields["tool_calling"] = names.Contains("tools");
            fields["tool_choice"] = names.Contains("tool_choice");
            fields["structured_output"] = names.Contains("structured_outputs");
            fields["reasoning_output"] = names.Contains("reasoning") || names.Contains("include_reasoning");
            fields["temperature"] = names.Contains("temperature");
            fields["supported_params"] = new JsonArray(names.Distinct(StringComparer.Ordinal).Select(n => (JsonNode)n!).ToArray());
        }

        if (entry["pricing"] is JsonObject pricing)
        {
            var prices = new JsonObject();
            foreach (string key in Prices)
            {
                if (Decimal(pricing[key]) is { } price)
                {
                    prices[key] = price.ToString(CultureInfo.InvariantCulture);
                }
            }

            if (prices.Count > 0)
            {
                fields["pricing"] = prices;
            }
        }

        return fields;
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    internal static int? Integer(JsonNode? node) =>
        Decimal(node) is { } number && number >= 0 && number <= int.MaxValue && decimal.Truncate(number) == number ? (int)number : null;

    /// <summary>A number, or a string holding one (OpenRouter writes prices as strings).</summary>
    internal static decimal? Decimal(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number) ? number : null;
        }

        return value.TryGetValue(out string? text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed) ? parsed : null;
    }
}

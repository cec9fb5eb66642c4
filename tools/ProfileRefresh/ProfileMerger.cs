using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>
/// Merges source models into a profile file's JSON without losing what a person wrote: only the fields a source gives are
/// written (the source's value wins unless <c>--keep-existing</c>), every other key of a model, of the file and its
/// order stay as they are. A field the file spells with a seed's name (<c>context_length</c>, <c>supports_tools</c>, ...)
/// is updated under that name, so the file never holds one field twice; prices go into a <c>"unit": "per_million_tokens"</c>
/// pricing object scaled to that unit. Works on both shapes: wrapped (<c>{ "provider", "models" }</c>) and the bare model map.
/// </summary>
internal static class ProfileMerger
{
    /// <summary>The seed names the compiler accepts for a field (compiler/Core/Profiles/ProfileSchema.cs).</summary>
    private static readonly Dictionary<string, string[]> SeedNames = new(StringComparer.Ordinal)
    {
        ["max_input_tokens"] = ["context_length"],
        ["max_output_tokens"] = ["max_output_length"],
        ["tool_calling"] = ["supports_tools"],
        ["structured_output"] = ["supports_structured_output"],
    };

    private static readonly Dictionary<string, string> SeedPriceNames = new(StringComparer.Ordinal)
    {
        ["input_cache_read"] = "input_cache_reads",
        ["input_cache_write"] = "input_cache_writes",
    };

    /// <summary>What a merge did, for the command's one-line summary.</summary>
    public sealed record Summary(int Added, int Updated, int Unchanged, int Removed, int Kept);

    public static Summary Merge(JsonObject root, string provider, IReadOnlyList<SourceModel> models, bool keepExisting, bool prune)
    {
        JsonObject map = ModelsOf(root, provider);
        int added = 0, updated = 0, unchanged = 0;
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SourceModel model in models)
        {
            if (!listed.Add(model.Id))
            {
                continue;
            }

            string? key = map.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, model.Id, StringComparison.OrdinalIgnoreCase));
            if (key is null || map[key] is not JsonObject target)
            {
                target = new JsonObject();
                map[key ?? model.Id] = target;
                added++;
                MergeFields(target, model.Fields, keepExisting);
                continue;
            }

            string before = target.ToJsonString();
            MergeFields(target, model.Fields, keepExisting);
            if (target.ToJsonString() == before)
            {
                unchanged++;
            }
            else
            {
                updated++;
            }
        }

        int removed = 0, kept = 0;
        foreach (string id in map.Select(p => p.Key).Where(k => !listed.Contains(k)).ToList())
        {
            if (prune)
            {
                map.Remove(id);
                removed++;
            }
            else
            {
                kept++;
            }
        }

        return new Summary(added, updated, unchanged, removed, kept);
    }

    /// <summary>The file's model map: <c>models</c> of a wrapped file (added when missing), else the root (a bare map).</summary>
    private static JsonObject ModelsOf(JsonObject root, string provider)
    {
        if (root["models"] is JsonObject models)
        {
            return models;
        }

        if (root.Count == 0 || root.ContainsKey("provider") || root.ContainsKey("providers") || root.ContainsKey("models"))
        {
            if (root.Count == 0)
            {
                root["provider"] = provider;
            }

            var created = new JsonObject();
            root["models"] = created;
            return created;
        }

        return root;
    }

    private static void MergeFields(JsonObject target, JsonObject fields, bool keepExisting)
    {
        foreach ((string field, JsonNode? value) in fields)
        {
            if (field == "pricing" && value is JsonObject prices)
            {
                MergePricing(target, prices, keepExisting);
                continue;
            }

            string key = SeedNames.TryGetValue(field, out string[]? seeds) ? seeds.FirstOrDefault(target.ContainsKey) ?? field : field;
            if (keepExisting && target.ContainsKey(key))
            {
                continue;
            }

            target[key] = value?.DeepClone();
        }
    }

    private static void MergePricing(JsonObject target, JsonObject prices, bool keepExisting)
    {
        if (target["pricing"] is not JsonObject pricing)
        {
            pricing = new JsonObject();
            target["pricing"] = pricing;
        }

        bool perMillion = ModelListReader.Text(pricing["unit"]) == "per_million_tokens"
            || (pricing["unit"] is null && SeedPriceNames.Values.Any(pricing.ContainsKey));
        foreach ((string price, JsonNode? value) in prices)
        {
            string key = SeedPriceNames.TryGetValue(price, out string? seed) && pricing.ContainsKey(seed) ? seed : price;
            if ((keepExisting && pricing.ContainsKey(key)) || ModelListReader.Decimal(value) is not { } perToken)
            {
                continue;
            }

            // request and image are per request and per image in either unit.
            decimal amount = perMillion && price is not ("request" or "image") ? perToken * 1_000_000m : perToken;

            // Dividing by 1 with 28 zeros drops the trailing zeros a multiplication leaves (7.000000 → 7).
            pricing[key] = (amount / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        }
    }
}

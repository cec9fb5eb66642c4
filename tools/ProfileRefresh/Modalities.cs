using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>Modality lists (<c>["text", "image"]</c>) as the profile's flags: a complete list sets every flag of its
/// direction, present <see langword="true"/> and absent <see langword="false"/> (OpenRouter's <c>file</c> means PDF).</summary>
internal static class Modalities
{
    public static readonly (string Key, string[] Names)[] Inputs =
    [
        ("text_inputs", ["text"]), ("image_inputs", ["image"]), ("audio_inputs", ["audio"]), ("video_inputs", ["video"]), ("pdf_inputs", ["pdf", "file"]),
    ];

    public static readonly (string Key, string[] Names)[] Outputs =
    [
        ("text_outputs", ["text"]), ("image_outputs", ["image"]), ("audio_outputs", ["audio"]), ("video_outputs", ["video"]),
    ];

    public static void Write(JsonNode? list, (string Key, string[] Names)[] flags, JsonObject fields)
    {
        if (list is not JsonArray array)
        {
            return;
        }

        var present = array.Select(ModelListReader.Text).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string[] names) in flags)
        {
            fields[key] = names.Any(present.Contains);
        }
    }
}

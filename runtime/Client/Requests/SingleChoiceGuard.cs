using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRegistry;

/// <summary>
/// Refuses a request that asks for several choices (<c>n</c> &gt; 1, as an extra body field from
/// <c>ChatOptions.AdditionalProperties</c> or <c>ChatModelSettings.ExtraBody</c>): a <c>ChatResponse</c> holds one
/// answer, and the readers keep only the first choice, so the others would be paid for and lost without a word.
/// </summary>
internal static class SingleChoiceGuard
{
    /// <summary>Returns <paramref name="extraBody"/>, or throws when its <c>n</c> asks for more than one choice.</summary>
    /// <exception cref="ArgumentException"><c>n</c> is greater than 1.</exception>
    public static IReadOnlyDictionary<string, object?> Checked(IReadOnlyDictionary<string, object?> extraBody)
    {
        if (extraBody.Count > 0 && extraBody.TryGetValue("n", out object? n) && AsksForSeveral(n))
        {
            throw new ArgumentException(
                $"The extra body field 'n' asks for {Shown(n)} choices; ModelRegistry answers with one choice per call. " +
                "Make one call per choice, or remove 'n' from ChatOptions.AdditionalProperties and ChatModelSettings.ExtraBody.",
                "options");
        }

        return extraBody;
    }

    private static bool AsksForSeveral(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } element => !element.TryGetDouble(out double number) || number > 1,
        JsonValue node when node.GetValueKind() == JsonValueKind.Number => !node.TryGetValue(out double number) || number > 1,
        string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number > 1,
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture) > 1,
        _ => false,
    };

    private static string Shown(object? value) => value switch
    {
        JsonElement element => element.GetRawText(),
        JsonNode node => node.ToJsonString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Refuses option values no provider can be sent, before anything is written: a NaN or infinite sampling parameter
/// has no JSON form at all, and a token limit of zero or less asks for an answer that cannot exist. Each refusal is an
/// <see cref="ArgumentException"/> naming the option (<c>ChatOptions.Temperature</c>), not a failure deep in the
/// JSON writer or a provider's 400. Finite values are sent as they are, however large: their range is the provider's
/// to judge, and it differs between providers.
/// </summary>
internal static class RequestValueCheck
{
    public static void Check(ChatOptions? options, ChatModelSettings? settings)
    {
        if (options is not null)
        {
            Finite(options.Temperature, "ChatOptions.Temperature");
            Finite(options.TopP, "ChatOptions.TopP");
            Finite(options.FrequencyPenalty, "ChatOptions.FrequencyPenalty");
            Finite(options.PresencePenalty, "ChatOptions.PresencePenalty");
            Positive(options.MaxOutputTokens, "ChatOptions.MaxOutputTokens");
        }

        if (settings is not null)
        {
            Finite(settings.Temperature, "ChatModelSettings.Temperature");
            Positive(settings.MaxTokens, "ChatModelSettings.MaxTokens");
        }
    }

    private static void Finite(float? value, string option)
    {
        if (value is { } number && !float.IsFinite(number))
        {
            string described = float.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity";
            throw new ArgumentException($"{option} is {described}, which cannot be sent: it must be a finite number.", ParameterName(option));
        }
    }

    private static void Positive(int? value, string option)
    {
        if (value is <= 0)
        {
            throw new ArgumentException($"{option} is {value}, which cannot be sent: it must be at least 1.", ParameterName(option));
        }
    }

    private static string ParameterName(string option) => option.StartsWith("ChatOptions.", StringComparison.Ordinal) ? "options" : "settings";
}

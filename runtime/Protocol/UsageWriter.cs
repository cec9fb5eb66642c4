using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Writes <see cref="UsageDetails"/> as a chat-completions <c>usage</c> object, the inverse of what
/// <see cref="UsageReader"/> reads (the names are <see cref="UsageFields"/>): prompt, completion and total tokens,
/// cached and reasoning token details, plus the call's <c>cost</c> and an <c>estimated</c> flag when usage accounting
/// priced or estimated it.
/// </summary>
internal static class UsageWriter
{
    public static void WriteChatCompletions(Utf8JsonWriter writer, UsageDetails usage, RoutedCallInfo? info)
    {
        long input = usage.InputTokenCount ?? 0, output = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject(UsageFields.Usage);
        writer.WriteNumber(UsageFields.PromptTokens, input);
        writer.WriteNumber(UsageFields.CompletionTokens, output);
        writer.WriteNumber(UsageFields.TotalTokens, usage.TotalTokenCount ?? input + output);
        if (usage.CachedInputTokenCount is { } cached)
        {
            writer.WriteStartObject(UsageFields.PromptTokensDetails);
            writer.WriteNumber(UsageFields.CachedTokens, cached);
            writer.WriteEndObject();
        }

        if (usage.ReasoningTokenCount is { } reasoningTokens)
        {
            writer.WriteStartObject(UsageFields.CompletionTokensDetails);
            writer.WriteNumber(UsageFields.ReasoningTokens, reasoningTokens);
            writer.WriteEndObject();
        }

        if (info?.Cost is { } cost)
        {
            writer.WriteNumber(UsageFields.Cost, cost);
        }

        if (info?.UsageEstimated == true)
        {
            writer.WriteBoolean(UsageFields.Estimated, true);
        }

        writer.WriteEndObject();
    }
}

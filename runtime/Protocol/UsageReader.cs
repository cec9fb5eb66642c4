using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Reads a <c>usage</c> object of either API into <see cref="UsageDetails"/>: <c>prompt_tokens</c>/<c>input_tokens</c>,
/// <c>completion_tokens</c>/<c>output_tokens</c>, <c>total_tokens</c>, cached input tokens wherever the provider
/// puts them (<c>prompt_tokens_details.cached_tokens</c>, <c>input_tokens_details.cached_tokens</c>, Together's
/// top-level <c>cached_tokens</c>, DeepSeek's <c>prompt_cache_hit_tokens</c>), reasoning tokens, and every other
/// integer count (audio tokens, cache writes, DeepSeek's cache misses…) as <see cref="UsageDetails.AdditionalCounts"/>.
/// Fractional fields (Groq's timings, OpenRouter's cost) are not counts and are left out. The chat-completions names
/// are <see cref="UsageFields"/>, which <see cref="UsageWriter"/> writes back.
/// </summary>
internal static class UsageReader
{
    /// <summary>Reads the object the reader is positioned on (its <see cref="JsonTokenType.StartObject"/>).</summary>
    public static UsageDetails Read(ref Utf8JsonReader reader)
    {
        var usage = new UsageDetails();
        long? cacheHits = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(UsageFields.PromptTokens.EncodedUtf8Bytes) || reader.ValueTextEquals("input_tokens"u8))
            {
                usage.InputTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals(UsageFields.CompletionTokens.EncodedUtf8Bytes) || reader.ValueTextEquals("output_tokens"u8))
            {
                usage.OutputTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals(UsageFields.TotalTokens.EncodedUtf8Bytes))
            {
                usage.TotalTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals(UsageFields.CachedTokens.EncodedUtf8Bytes))
            {
                usage.CachedInputTokenCount ??= ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                cacheHits = ReadCount(ref reader);
                AddCount(usage, "prompt_cache_hit_tokens", cacheHits);
            }
            else if (reader.ValueTextEquals(UsageFields.PromptTokensDetails.EncodedUtf8Bytes) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                ReadDetails(ref reader, usage, isInput: true);
            }
            else if (reader.ValueTextEquals(UsageFields.CompletionTokensDetails.EncodedUtf8Bytes) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                ReadDetails(ref reader, usage, isInput: false);
            }
            else
            {
                string name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count))
                {
                    AddCount(usage, name, count);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        usage.CachedInputTokenCount ??= cacheHits;
        return usage;
    }

    private static void ReadDetails(ref Utf8JsonReader reader, UsageDetails usage, bool isInput)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (isInput && reader.ValueTextEquals(UsageFields.CachedTokens.EncodedUtf8Bytes))
            {
                usage.CachedInputTokenCount = ReadCount(ref reader);
            }
            else if (!isInput && reader.ValueTextEquals(UsageFields.ReasoningTokens.EncodedUtf8Bytes))
            {
                usage.ReasoningTokenCount = ReadCount(ref reader);
            }
            else
            {
                string name = DetailCountName(ref reader, isInput);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count))
                {
                    AddCount(usage, name, count);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key of a detail count: <c>input_</c> or <c>output_</c>
    /// and its name. The ones OpenAI sends in every answer are constants, so a usual answer creates no key string.</summary>
    private static string DetailCountName(ref Utf8JsonReader reader, bool isInput)
    {
        if (reader.ValueTextEquals("audio_tokens"u8))
        {
            return isInput ? "input_audio_tokens" : "output_audio_tokens";
        }

        if (!isInput && reader.ValueTextEquals("accepted_prediction_tokens"u8))
        {
            return "output_accepted_prediction_tokens";
        }

        if (!isInput && reader.ValueTextEquals("rejected_prediction_tokens"u8))
        {
            return "output_rejected_prediction_tokens";
        }

        return (isInput ? "input_" : "output_") + reader.GetString();
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count))
        {
            return count;
        }

        reader.Skip();
        return null;
    }

    private static void AddCount(UsageDetails usage, string name, long? count)
    {
        if (count is { } value)
        {
            (usage.AdditionalCounts ??= [])[name] = value;
        }
    }
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>Prices one call from its usage and a model's <see cref="ModelPricing"/> (US dollars, per token).</summary>
internal static class CallPricing
{
    /// <summary>
    /// The cost of a call: uncached input at the prompt price, cached input at the cache-read price (the prompt price
    /// when none is listed), output (reasoning included, as providers bill it) at the completion price, plus the
    /// per-request price and the per-image price for <paramref name="images"/> input images.
    /// <see langword="null"/> when the pricing or the token counts are unknown.
    /// </summary>
    public static decimal? Compute(ModelPricing? pricing, UsageDetails? usage, int images = 0)
    {
        if (pricing is null || usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null))
        {
            return null;
        }

        long input = usage.InputTokenCount ?? 0;
        long cached = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input);
        long output = usage.OutputTokenCount ?? 0;
        decimal prompt = pricing.Prompt ?? 0;
        return (input - cached) * prompt
            + cached * (pricing.InputCacheRead ?? prompt)
            + output * (pricing.Completion ?? 0)
            + (pricing.Request ?? 0)
            + images * (pricing.Image ?? 0);
    }
}

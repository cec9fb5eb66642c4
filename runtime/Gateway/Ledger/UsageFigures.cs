namespace ModelRegistry.Gateway;

/// <summary>
/// What a set of calls used and cost: the totals (estimates included, as they are charged) and, separately, the part that
/// was estimated because a provider reported no usage, so an operator sees how much of a bill rests on estimates.
/// Every field only ever grows by addition, so a shared store keeps each as its own atomic counter.
/// </summary>
internal readonly record struct UsageFigures(
    long Requests,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    long UnpricedRequests,
    long EstimatedRequests,
    long EstimatedInputTokens,
    long EstimatedOutputTokens,
    decimal EstimatedCostUsd)
{
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The figures of one call.</summary>
    public static UsageFigures Of(UsageCharge charge)
    {
        long estimated = charge.Estimated ? 1 : 0;
        decimal cost = charge.CostUsd ?? 0;
        return new UsageFigures(
            Requests: 1,
            InputTokens: charge.InputTokens,
            OutputTokens: charge.OutputTokens,
            CostUsd: cost,
            UnpricedRequests: charge.CostUsd is null ? 1 : 0,
            EstimatedRequests: estimated,
            EstimatedInputTokens: estimated * charge.InputTokens,
            EstimatedOutputTokens: estimated * charge.OutputTokens,
            EstimatedCostUsd: charge.Estimated ? cost : 0);
    }

    public static UsageFigures operator +(UsageFigures left, UsageFigures right) => new(
        left.Requests + right.Requests,
        left.InputTokens + right.InputTokens,
        left.OutputTokens + right.OutputTokens,
        left.CostUsd + right.CostUsd,
        left.UnpricedRequests + right.UnpricedRequests,
        left.EstimatedRequests + right.EstimatedRequests,
        left.EstimatedInputTokens + right.EstimatedInputTokens,
        left.EstimatedOutputTokens + right.EstimatedOutputTokens,
        left.EstimatedCostUsd + right.EstimatedCostUsd);
}

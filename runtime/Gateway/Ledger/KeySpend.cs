namespace ModelRegistry.Gateway;

/// <summary>What a key spent in one budget period, in US dollars: <see cref="CostUsd"/> (estimates included, as the budget
/// counts them) and the part of it that rests on estimated usage.</summary>
internal readonly record struct KeySpend(decimal CostUsd, decimal EstimatedCostUsd);

namespace ModelRegistry.Gateway;

/// <summary>
/// One answered call as the ledger records it, taken from the priced usage the registry put on the answer
/// (<see cref="RoutedCallInfo"/> and the usage beside it): who called, which model and route served it, its tokens and its cost.
/// </summary>
/// <param name="KeyName">The named key's name, or <see cref="UsageCharge.Unrestricted"/> for an unrestricted caller.</param>
/// <param name="Model">The served model's id (<c>provider:model</c>), whatever alias the request used.</param>
/// <param name="Route">The route that answered (the provider's name for a model without routes).</param>
/// <param name="At">When the call ended: the day and budget periods it counts in.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens (reasoning included).</param>
/// <param name="CostUsd">Its cost in US dollars, or <see langword="null"/> when the model has no pricing.</param>
/// <param name="Estimated">Whether the usage (and so the cost) is the registry's estimate: the provider sent none.</param>
internal sealed record UsageCharge(string KeyName, string Model, string Route, DateTimeOffset At, long InputTokens, long OutputTokens, decimal? CostUsd, bool Estimated)
{
    /// <summary>The key name of calls by unrestricted callers (<c>Gateway:ApiKeys</c>, or no keys at all): no configured name can be empty.</summary>
    public const string Unrestricted = "";
}

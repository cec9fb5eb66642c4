namespace ModelRegistry.Gateway;

/// <summary>The period a key's budget covers (<c>Gateway:Keys:{name}:BudgetPeriod</c>): a UTC calendar day, a UTC calendar
/// month, or the key's whole life.</summary>
internal enum BudgetPeriod
{
    /// <summary>From 00:00 UTC to the next 00:00 UTC.</summary>
    Day,

    /// <summary>From the first of the month, 00:00 UTC, to the first of the next.</summary>
    Month,

    /// <summary>Never resets.</summary>
    Total,
}

namespace ModelRegistry.Gateway;

/// <summary>
/// Where the gateway keeps its per-key rate windows, spend and usage: in process by default
/// (<see cref="InProcessKeyLedger"/>), or in a store several instances share. Every operation is one atomic step on
/// counters — a conditional add for a window, plain adds for a charge, reads for spend and reports — so a shared store
/// implements each with one script or transaction and never reads a value to write it back.
/// </summary>
internal interface IKeyLedger
{
    /// <summary>Adds <paramref name="units"/> to the window's count if the sum stays within <paramref name="limit"/>; answers
    /// whether it did. Atomic: two callers never both take the last units.</summary>
    ValueTask<bool> TryAcquireAsync(KeyWindow window, long units, long limit, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="delta"/> (negative to give units back) to the window's count without a limit, never
    /// below zero: a token reservation reconciled with the real usage, or a request slot given back.</summary>
    ValueTask AdjustAsync(KeyWindow window, long delta, CancellationToken cancellationToken);

    /// <summary>Records one answered call: its key's spend in the day, month and total periods holding
    /// <see cref="UsageCharge.At"/>, and the usage of its (key, model, route) for that UTC day.</summary>
    ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken);

    /// <summary>What <paramref name="keyName"/> spent in the <paramref name="period"/> holding <paramref name="at"/>.</summary>
    ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The usage per (key, model, route) over the UTC days <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included.</summary>
    ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}

namespace ModelRegistry.Gateway;

/// <summary>
/// Where the gateway keeps its named keys' request and token windows, their spend and the usage of every call: in the
/// routing state store (<see cref="KeyLedger"/>), so that with <c>Gateway:Redis</c> every instance shares them and they
/// survive a restart, and without it they live in the process. Every operation is one atomic step in the store — all of a
/// call's windows taken or none, one charge adding to every counter it touches at once — never a read written back.
/// </summary>
internal interface IKeyLedger
{
    /// <summary>Takes the units of every window (<see cref="KeyWindows.For"/>) at once, or none when one of them is full.</summary>
    ValueTask<WindowAdmission> TryAcquireAsync(WindowLimit[] windows, CancellationToken cancellationToken);

    /// <summary>Replaces a grant's token reservation with the call's real tokens (0 for a call that ended without usage);
    /// its request slot stays taken. Not awaited.</summary>
    void Reconcile(WindowGrant grant, long actualTokens);

    /// <summary>Records one answered call: its key's spend in the day, month and total periods holding
    /// <see cref="UsageCharge.At"/>, and the usage of its (key, model, route) for that UTC day.</summary>
    ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken);

    /// <summary>What <paramref name="keyName"/> spent in the <paramref name="period"/> holding <paramref name="at"/>.</summary>
    ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The usage per (key, model, route) over the UTC days <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included.</summary>
    ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}

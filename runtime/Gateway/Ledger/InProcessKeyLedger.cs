namespace ModelRegistry.Gateway;

/// <summary>
/// The ledger of one gateway process: windows, spend and daily usage in memory, under one lock (each operation is a few
/// dictionary updates, far shorter than any call it accounts). Only the current window of each key is kept; spend and
/// usage are kept per period and per day for the life of the process — a few numbers per key, model and route a day.
/// </summary>
/// <remarks>Not System.Threading.RateLimiting's <c>FixedWindowRateLimiter</c>: its windows start when it is created and
/// it reads the machine's clock, while a key's window must be the UTC minute (the same in every instance, and in a shared
/// store) and follow the gateway's <see cref="TimeProvider"/>.</remarks>
internal sealed class InProcessKeyLedger : IKeyLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Key, KeyWindowKind Kind), (DateTimeOffset Start, long Count)> _windows = [];
    private readonly Dictionary<(string Key, BudgetPeriod Period, DateTimeOffset Start), KeySpend> _spend = [];
    private readonly Dictionary<(DateOnly Day, string Key, string Model, string Route), UsageFigures> _usage = [];

    public ValueTask<bool> TryAcquireAsync(KeyWindow window, long units, long limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long count = Count(window);
            if (count + units > limit)
            {
                return ValueTask.FromResult(false);
            }

            _windows[(window.KeyName, window.Kind)] = (window.Start, count + units);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask AdjustAsync(KeyWindow window, long delta, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A window already replaced by a later one has nothing left to adjust: its units no longer count.
            if (_windows.TryGetValue((window.KeyName, window.Kind), out var current) && current.Start == window.Start)
            {
                _windows[(window.KeyName, window.Kind)] = (window.Start, Math.Max(0, current.Count + delta));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken)
    {
        UsageFigures figures = UsageFigures.Of(charge);
        var spend = new KeySpend(figures.CostUsd, figures.EstimatedCostUsd);
        lock (_gate)
        {
            foreach (BudgetPeriod period in (ReadOnlySpan<BudgetPeriod>)[BudgetPeriod.Day, BudgetPeriod.Month, BudgetPeriod.Total])
            {
                var key = (charge.KeyName, period, BudgetPeriods.Start(period, charge.At));
                KeySpend before = _spend.GetValueOrDefault(key);
                _spend[key] = new KeySpend(before.CostUsd + spend.CostUsd, before.EstimatedCostUsd + spend.EstimatedCostUsd);
            }

            var row = (DateOnly.FromDateTime(charge.At.UtcDateTime), charge.KeyName, charge.Model, charge.Route);
            _usage[row] = _usage.GetValueOrDefault(row) + figures;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_spend.GetValueOrDefault((keyName, period, BudgetPeriods.Start(period, at))));
        }
    }

    public ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<(string Key, string Model, string Route), UsageFigures>();
        lock (_gate)
        {
            foreach (var ((day, key, model, route), figures) in _usage)
            {
                if (day >= firstDay && day <= lastDay)
                {
                    rows[(key, model, route)] = rows.GetValueOrDefault((key, model, route)) + figures;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<UsageRow>>(
            [.. rows.Select(r => new UsageRow(r.Key.Key, r.Key.Model, r.Key.Route, r.Value))]);
    }

    private long Count(KeyWindow window) =>
        _windows.TryGetValue((window.KeyName, window.Kind), out var current) && current.Start == window.Start ? current.Count : 0;
}

using System.Collections.Concurrent;
using System.Globalization;

namespace ModelRegistry.Gateway;

/// <summary>
/// <see cref="IKeyLedger"/> over the routing state store (<see cref="GatewayRoutingState.Ledger"/>): the Redis store with
/// <c>Gateway:Redis</c> — shared by every instance, kept across restarts, in process while Redis is away — else one in this
/// process. It is the one place usage is counted: one counter hash per UTC day, model and route,
/// <c>usage:{yyyy-MM-dd}:route:{model}/{route}</c>, whose fields are <c>{key}:{figure}</c> (the key's name, empty for
/// unrestricted callers), so the route's figures are the sum of its keys' and the two can never disagree. Beside it,
/// each named key's spend per period, <c>spend:{key}:day:{yyyy-MM-dd}</c>, <c>spend:{key}:month:{yyyy-MM}</c> and
/// <c>spend:{key}:total</c> (fields <c>cost_pusd</c>, <c>estimated_cost_pusd</c>), which the budget check reads in one
/// round trip. A charge adds to all of them in one atomic step. Money is counted in <see cref="Picodollars"/>.
/// </summary>
internal sealed class KeyLedger(IRoutingStateStore store) : IKeyLedger
{
    /// <summary>How long a day's usage and a day's or month's spend are kept after their last change: long enough to bill
    /// a year from.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(400);

    /// <summary>How long a key's total spend is kept after its last change (a total budget is the key's whole life).</summary>
    public static readonly TimeSpan TotalKeptFor = TimeSpan.FromDays(3653);

    private const string UsagePrefix = "usage:";
    private const string RouteInfix = ":route:";
    private const string Cost = "cost_pusd";
    private const string EstimatedCost = "estimated_cost_pusd";

    /// <summary>The figures of a usage row, in the order <see cref="ChargeAsync"/> writes them.</summary>
    private static readonly string[] Figures =
    [
        "requests", "input_tokens", "output_tokens", Cost, "unpriced_requests",
        "estimated_requests", "estimated_input_tokens", "estimated_output_tokens", EstimatedCost,
    ];

    /// <summary>The keys' counter fields (<c>{key}:{figure}</c>), made once per key: the names are the configured keys'
    /// (and the unrestricted callers' empty one), so the cache stays as small as the key list.</summary>
    private readonly ConcurrentDictionary<string, string[]> _fields = new(StringComparer.Ordinal);

    /// <summary>Each model's route's usage row of the current day (<see cref="UsageName"/>), named once a day instead of once
    /// per call: the pairs are the configured models' and routes', so the cache stays as small as the routes.</summary>
    private readonly ConcurrentDictionary<(string Model, string Route), (DateOnly Day, string Name)> _usageNames = new();

    public ValueTask<WindowAdmission> TryAcquireAsync(WindowLimit[] windows, CancellationToken cancellationToken) =>
        store.TryAcquireAsync(new WindowRequest(null, TimeSpan.Zero, windows), cancellationToken);

    public void Reconcile(WindowGrant grant, long actualTokens) => store.Reconcile(grant, actualTokens);

    public ValueTask ChargeAsync(UsageCharge charge, CancellationToken cancellationToken)
    {
        UsageFigures figures = UsageFigures.Of(charge);
        string[] fields = FieldsOf(charge.KeyName);
        ReadOnlySpan<long> values =
        [
            figures.Requests, figures.InputTokens, figures.OutputTokens, Picodollars.From(figures.CostUsd), figures.UnpricedRequests,
            figures.EstimatedRequests, figures.EstimatedInputTokens, figures.EstimatedOutputTokens, Picodollars.From(figures.EstimatedCostUsd),
        ];
        // Zeros are not written: a row holds only what its calls used.
        int used = values.Length - values.Count(0L);
        var usage = new KeyValuePair<string, long>[used];
        for (int i = 0, at = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                usage[at++] = new(fields[i], values[i]);
            }
        }

        var row = new CounterAdd(UsageNameOf(DateOnly.FromDateTime(charge.At.UtcDateTime), charge.Model, charge.Route), usage, KeptFor);
        long cost = Picodollars.From(figures.CostUsd);
        if (charge.KeyName == UsageCharge.Unrestricted || cost == 0)
        {
            return store.AddCountersAsync([row], cancellationToken);
        }

        // Every named key's spend is counted, budget or not, so a budget added later sees what the period already spent.
        KeyValuePair<string, long>[] spend = [new(Cost, cost), new(EstimatedCost, Picodollars.From(figures.EstimatedCostUsd))];
        return store.AddCountersAsync(
        [
            row,
            new CounterAdd(SpendName(charge.KeyName, BudgetPeriod.Day, charge.At), spend, KeptFor),
            new CounterAdd(SpendName(charge.KeyName, BudgetPeriod.Month, charge.At), spend, KeptFor),
            new CounterAdd(SpendName(charge.KeyName, BudgetPeriod.Total, charge.At), spend, TotalKeptFor),
        ], cancellationToken);
    }

    private string UsageNameOf(DateOnly day, string model, string route)
    {
        if (_usageNames.TryGetValue((model, route), out (DateOnly Day, string Name) known) && known.Day == day)
        {
            return known.Name;
        }

        string name = UsageName(day, model, route);
        _usageNames[(model, route)] = (day, name);
        return name;
    }

    private string[] FieldsOf(string keyName) =>
        _fields.GetOrAdd(keyName, static name => Array.ConvertAll(Figures, figure => name + ":" + figure));

    public async ValueTask<KeySpend> GetSpendAsync(string keyName, BudgetPeriod period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, long> spend = await store.ReadCounterSetAsync(SpendName(keyName, period, at), cancellationToken).ConfigureAwait(false);
        return new KeySpend(Picodollars.ToUsd(spend.GetValueOrDefault(Cost)), Picodollars.ToUsd(spend.GetValueOrDefault(EstimatedCost)));
    }

    public async ValueTask<IReadOnlyList<UsageRow>> GetUsageAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> sets = await store.ReadCountersAsync(UsagePrefix, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<(string Key, string Model, string Route), UsageFigures>();
        foreach ((string name, IReadOnlyDictionary<string, long> counters) in sets)
        {
            if (ParseUsageName(name) is not ({ } day, { } model, { } route) || day < firstDay || day > lastDay)
            {
                continue;
            }

            foreach ((string field, long value) in counters)
            {
                int colon = field.LastIndexOf(':');
                if (colon >= 0)
                {
                    var row = (field[..colon], model, route);
                    rows[row] = rows.GetValueOrDefault(row) + Figure(field[(colon + 1)..], value);
                }
            }
        }

        return [.. rows.Select(r => new UsageRow(r.Key.Key, r.Key.Model, r.Key.Route, r.Value))];
    }

    /// <summary>The name of one UTC day's usage counters of a model's route.</summary>
    public static string UsageName(DateOnly day, string model, string route) =>
        UsagePrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + RouteInfix + model + "/" + route;

    private static string SpendName(string keyName, BudgetPeriod period, DateTimeOffset at) => period switch
    {
        BudgetPeriod.Day => $"spend:{keyName}:day:{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        BudgetPeriod.Month => $"spend:{keyName}:month:{at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}",
        _ => $"spend:{keyName}:total",
    };

    /// <summary>The day, model and route of a usage counter set's name (a model id may hold <c>/</c>, a route name never does).</summary>
    private static (DateOnly?, string?, string?) ParseUsageName(string name)
    {
        const int DayLength = 10;
        int routeAt = UsagePrefix.Length + DayLength;
        if (name.Length <= routeAt + RouteInfix.Length || string.CompareOrdinal(name, routeAt, RouteInfix, 0, RouteInfix.Length) != 0 ||
            !DateOnly.TryParseExact(name.AsSpan(UsagePrefix.Length, DayLength), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return (null, null, null);
        }

        string modelAndRoute = name[(routeAt + RouteInfix.Length)..];
        int slash = modelAndRoute.LastIndexOf('/');
        return slash <= 0 ? (null, null, null) : (day, modelAndRoute[..slash], modelAndRoute[(slash + 1)..]);
    }

    /// <summary>One stored counter as figures (a counter this version does not know adds nothing).</summary>
    private static UsageFigures Figure(string figure, long value) => figure switch
    {
        "requests" => new UsageFigures { Requests = value },
        "input_tokens" => new UsageFigures { InputTokens = value },
        "output_tokens" => new UsageFigures { OutputTokens = value },
        Cost => new UsageFigures { CostUsd = Picodollars.ToUsd(value) },
        "unpriced_requests" => new UsageFigures { UnpricedRequests = value },
        "estimated_requests" => new UsageFigures { EstimatedRequests = value },
        "estimated_input_tokens" => new UsageFigures { EstimatedInputTokens = value },
        "estimated_output_tokens" => new UsageFigures { EstimatedOutputTokens = value },
        EstimatedCost => new UsageFigures { EstimatedCostUsd = Picodollars.ToUsd(value) },
        _ => default,
    };
}

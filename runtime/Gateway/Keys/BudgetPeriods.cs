namespace ModelRegistry.Gateway;

/// <summary>Where a <see cref="BudgetPeriod"/> starts and ends around an instant, in UTC: the same calendar for the budget
/// check, its <c>Retry-After</c>, the ledger's spend counters and the admin read-out.</summary>
internal static class BudgetPeriods
{
    /// <summary>The configuration spelling of each period.</summary>
    public static readonly string[] Names = ["day", "month", "total"];

    public static bool TryParse(string text, out BudgetPeriod period)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "day":
                period = BudgetPeriod.Day;
                return true;
            case "month":
                period = BudgetPeriod.Month;
                return true;
            case "total":
                period = BudgetPeriod.Total;
                return true;
            default:
                period = default;
                return false;
        }
    }

    public static string Name(BudgetPeriod period) => Names[(int)period];

    /// <summary>The start of the period holding <paramref name="at"/>; <see cref="DateTimeOffset.MinValue"/> for <see cref="BudgetPeriod.Total"/>.</summary>
    public static DateTimeOffset Start(BudgetPeriod period, DateTimeOffset at)
    {
        DateTime utc = at.UtcDateTime;
        return period switch
        {
            BudgetPeriod.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            BudgetPeriod.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => DateTimeOffset.MinValue,
        };
    }

    /// <summary>The end of the period holding <paramref name="at"/> (exclusive); <see langword="null"/> for <see cref="BudgetPeriod.Total"/>, which never ends.</summary>
    public static DateTimeOffset? End(BudgetPeriod period, DateTimeOffset at) => period switch
    {
        BudgetPeriod.Day => Start(period, at).AddDays(1),
        BudgetPeriod.Month => Start(period, at).AddMonths(1),
        _ => null,
    };
}

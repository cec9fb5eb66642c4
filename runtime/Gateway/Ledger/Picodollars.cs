namespace ModelRegistry.Gateway;

/// <summary>
/// Money in the store's counters: whole picodollars (10^-12 USD) in 64-bit integers, added with <c>HINCRBY</c>, so sums
/// are exact whatever the number of calls (a float counter drifts with every addition, and a budget compared with a
/// drifted sum refuses a cent early or late). A per-token price has at most a few decimals beyond the micro-dollar, so a
/// call's cost is exact in picodollars; a counter holds up to about 9.2 million US dollars, far above a day's or a
/// route's figures and any one key's budget.
/// </summary>
internal static class Picodollars
{
    private const decimal PerUsd = 1_000_000_000_000m;

    /// <summary>A cost in picodollars, rounded half away from zero below one picodollar.</summary>
    public static long From(decimal usd) => (long)decimal.Round(usd * PerUsd, MidpointRounding.AwayFromZero);

    /// <summary>Picodollars as US dollars, without trailing zeros (the read-out shows <c>0.0000992</c>, not <c>0.000099200000</c>).</summary>
    public static decimal ToUsd(long picodollars) => (picodollars / PerUsd) / 1.000000000000000000000000000000000m;
}

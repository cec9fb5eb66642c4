using System.Globalization;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One route's state in an <see cref="IRoutingStateStore"/> that other processes share: its request and token windows
/// (<c>window:route:{model}/{route}:…</c>), its circuit (<c>circuit:route:{model}/{route}</c>: failures, cooldown,
/// half-open probe, <c>Retry-After</c> pause) and its usage counters per UTC day
/// (<c>usage:{yyyy-MM-dd}:route:{model}/{route}</c>). The route's own <see cref="RouteState"/> keeps its process-local
/// circuit as well and mirrors what the store reports, so that routes another process found dead are left out of a plan
/// without asking the store.
/// </summary>
internal sealed class SharedRouteState
{
    /// <summary>How long a day's usage counters are kept after their last change: long enough to bill a year from.</summary>
    public static readonly TimeSpan UsageKeptFor = TimeSpan.FromDays(400);

    private readonly WindowLimit[] _windows;
    private readonly bool _anyTokenWindow;
    private readonly TimeSpan _cooldown;
    private readonly string _usageSuffix;

    public SharedRouteState(IRoutingStateStore store, string model, ChatRoute route, RoutedChatClientOptions options)
    {
        Store = store;
        string id = model + "/" + route.Name;
        Circuit = "circuit:route:" + id;
        _usageSuffix = ":route:" + id;
        _cooldown = options.Cooldown;
        var windows = new List<WindowLimit>(4);
        if (route.RequestsPerMinute is > 0 and { } rpm)
        {
            windows.Add(new WindowLimit($"window:route:{id}:requests-per-minute", 1, rpm, TimeSpan.FromMinutes(1), Adjustable: false));
        }

        foreach ((int? limit, string per, TimeSpan length) in (ReadOnlySpan<(int?, string, TimeSpan)>)[
            (route.TokensPerMinute, "minute", TimeSpan.FromMinutes(1)), (route.TokensPerHour, "hour", TimeSpan.FromHours(1)), (route.TokensPerDay, "day", TimeSpan.FromDays(1))])
        {
            if (limit is > 0 and { } tokens)
            {
                windows.Add(new WindowLimit($"window:route:{id}:tokens-per-{per}", 0, tokens, length, Adjustable: true));
                _anyTokenWindow = true;
            }
        }

        _windows = [.. windows];
    }

    public IRoutingStateStore Store { get; }

    /// <summary>The route's circuit name in the store.</summary>
    public string Circuit { get; }

    /// <summary>The request for one call reserving <paramref name="tokens"/> in each token window.</summary>
    public WindowRequest Request(long tokens)
    {
        WindowLimit[] windows = _windows;
        if (_anyTokenWindow)
        {
            windows = new WindowLimit[_windows.Length];
            for (int i = 0; i < windows.Length; i++)
            {
                windows[i] = _windows[i].Adjustable ? _windows[i] with { Units = tokens } : _windows[i];
            }
        }

        return new WindowRequest(Circuit, _cooldown, windows);
    }

    /// <summary>Counts one answered call's usage and cost in today's (UTC) counters of the route. Not awaited.</summary>
    public void Account(UsageDetails usage, RoutedCallInfo? info, DateTimeOffset now)
    {
        var increments = new List<KeyValuePair<string, double>>(6)
        {
            new("requests", 1),
            new("input_tokens", usage.InputTokenCount ?? 0),
            new("output_tokens", usage.OutputTokenCount ?? 0),
            new("total_tokens", usage.TotalTokenCount ?? 0),
        };
        if (info?.Cost is { } cost)
        {
            increments.Add(new("cost_usd", (double)cost));
        }

        if (info?.UsageEstimated == true)
        {
            increments.Add(new("estimated_requests", 1));
        }

        Store.AddCounters(UsageName(now, _usageSuffix), increments, UsageKeptFor);
    }

    /// <summary>The name of one day's usage counters of a route (<paramref name="suffix"/> <c>:route:{model}/{route}</c>).</summary>
    public static string UsageName(DateTimeOffset day, string suffix) =>
        "usage:" + day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + suffix;
}

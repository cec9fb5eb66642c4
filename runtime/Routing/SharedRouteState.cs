namespace ModelRegistry;

/// <summary>
/// One route's state in an <see cref="IRoutingStateStore"/> that other processes share: its request and token windows
/// (<c>window:route:{model}/{route}:…</c>) and its circuit (<c>circuit:route:{model}/{route}</c>: failures, cooldown,
/// half-open probe, <c>Retry-After</c> pause). Its usage per UTC day is not counted here: the gateway's key ledger counts
/// every answered call once, per key, model and route (<c>usage:{yyyy-MM-dd}:route:{model}/{route}</c>), and a route's
/// figures are the sum over its keys, so there is one count of usage and the two can never disagree. The route's own <see cref="RouteState"/> keeps its process-local
/// circuit as well and mirrors what the store reports, so that routes another process found dead are left out of a plan
/// without asking the store.
/// </summary>
internal sealed class SharedRouteState
{
    private readonly WindowLimit[] _windows;
    private readonly bool _anyTokenWindow;
    private readonly TimeSpan _cooldown;

    public SharedRouteState(IRoutingStateStore store, string model, RouteDefinition route, RoutedChatClientOptions options)
    {
        Store = store;
        string id = model + "/" + route.Name;
        Circuit = "circuit:route:" + id;
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
}

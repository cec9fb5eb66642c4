namespace ModelRegistry;

/// <summary>A snapshot of one route of a <see cref="RoutedChatClient"/>, for health pages and tests.</summary>
/// <param name="Name">The route's name.</param>
/// <param name="Weight">Its share of traffic.</param>
/// <param name="IsLocal">Whether it is a local route.</param>
/// <param name="Endpoint">Its endpoint, when known.</param>
/// <param name="State">Its circuit state.</param>
/// <param name="ConsecutiveFailures">Retriable failures since its last success.</param>
/// <param name="UnavailableUntil">When a cooldown or an upstream <c>Retry-After</c> pause ends, if one is running.</param>
public sealed record RouteStatus(
    string Name, double Weight, bool IsLocal, Uri? Endpoint, RouteCircuitState State, int ConsecutiveFailures, DateTimeOffset? UnavailableUntil)
{
    /// <summary>When the pause an upstream asked for (<c>Retry-After</c>, capped by
    /// <see cref="RoutedChatClientOptions.MaxRoutePause"/>) ends, if one is running; the route gets no call until then.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>Whether a call may be sent to the route now: no cooldown and no pause running.</summary>
    public bool IsAvailable => UnavailableUntil is null;
}

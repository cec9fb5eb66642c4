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
    string Name, double Weight, bool IsLocal, Uri? Endpoint, RouteCircuitState State, int ConsecutiveFailures, DateTimeOffset? UnavailableUntil);

namespace ModelRegistry.Gateway;

/// <summary>What the last background probe of one route found (shown by <c>/health</c> as <c>active_probe</c>).</summary>
/// <param name="IsUp">Whether the route answered <c>GET /models</c> and accepted its key.</param>
/// <param name="At">When the probe ended.</param>
/// <param name="Health">The probe's status code and detail.</param>
internal sealed record RouteProbeResult(bool IsUp, DateTimeOffset At, ChatProviderHealth Health);

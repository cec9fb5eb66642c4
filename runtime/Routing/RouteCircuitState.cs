namespace ModelRegistry;

/// <summary>The circuit-breaker state of one route.</summary>
public enum RouteCircuitState
{
    /// <summary>Calls flow.</summary>
    Closed,
    /// <summary>The route failed and is cooling down; no call is sent to it.</summary>
    Open,
    /// <summary>The cooldown is over: one probe call decides whether the route closes or opens again.</summary>
    HalfOpen,
}

namespace ModelRegistry;

/// <summary>
/// Whether a call may go onto a planned route: its rate-limit lease when admitted, whether it holds the half-open
/// circuit's probe, and whether a full queue turned it away.
/// </summary>
internal readonly record struct RouteAdmission(RouteLease? Lease, bool IsProbe, bool QueueFull)
{
    /// <summary>Whether the call may use the route (it then owns <see cref="Lease"/>).</summary>
    public bool IsAdmitted => Lease is not null;

    /// <summary>Claims the route (a half-open circuit lets one probe through) and waits for its rate limits, reserving
    /// the input estimate plus <paramref name="outputReservation"/> tokens. Not admitted when the circuit turns the
    /// call away, or when the route's queue of waiting calls is full (recorded in <paramref name="attempts"/>).</summary>
    public static async ValueTask<RouteAdmission> TryAdmitAsync(
        RouteState route, long inputEstimate, long outputReservation, AttemptLog attempts, CancellationToken cancellationToken)
    {
        if (!route.TryEnter(out bool isProbe))
        {
            return default;
        }

        if (!route.Limits.IsLimited)
        {
            return new RouteAdmission(RouteLease.Unlimited, isProbe, QueueFull: false);
        }

        RouteLease lease;
        try
        {
            lease = await route.Limits.AcquireAsync(inputEstimate + outputReservation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A caller that gives up while waiting hands a claimed probe back.
            route.Release(isProbe);
            throw;
        }

        if (lease.IsRefused)
        {
            route.Release(isProbe);
            attempts.Refused(lease.RefusedRetryAfter);
            lease.Dispose();
            return new RouteAdmission(null, IsProbe: false, QueueFull: true);
        }

        return new RouteAdmission(lease, isProbe, QueueFull: false);
    }
}

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

        if (route.Shared is { } shared)
        {
            return await TryAdmitSharedAsync(route, shared, isProbe, inputEstimate + outputReservation, attempts, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Admission by a shared store, in one round trip: the shared circuit (another process's cooldown, pause or
    /// probe turns the call away, and is mirrored so that the next plan leaves the route out) and every window at once. A
    /// full window is waited for until it ends, while fewer than the route's queue limit of this process's calls wait.</summary>
    private static async ValueTask<RouteAdmission> TryAdmitSharedAsync(
        RouteState route, SharedRouteState shared, bool isProbe, long tokens, AttemptLog attempts, CancellationToken cancellationToken)
    {
        WindowRequest request = shared.Request(tokens);
        while (true)
        {
            WindowAdmission admission;
            try
            {
                admission = await shared.Store.TryAcquireAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                route.Release(isProbe);
                throw;
            }

            route.MirrorShared(admission.Circuit);
            if (admission.Allowed)
            {
                var reservation = new SharedRouteReservation(shared, admission.Grant!, admission.Circuit.NeedsSuccess);
                return new RouteAdmission(RouteLease.InStore(reservation), isProbe || admission.IsProbe, QueueFull: false);
            }

            if (admission.BlockedUntil is { } blockedUntil)
            {
                route.Release(isProbe);
                TimeSpan wait = blockedUntil - route.Time.GetUtcNow();
                attempts.Unavailable(wait > TimeSpan.Zero ? wait : null);
                return default;
            }

            TimeSpan retryAfter = admission.RetryAfter ?? TimeSpan.FromMinutes(1);
            if (!route.TryWaitForShared())
            {
                route.Release(isProbe);
                attempts.Refused(retryAfter);
                return new RouteAdmission(null, IsProbe: false, QueueFull: true);
            }

            try
            {
                await Task.Delay(retryAfter, route.Time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                route.Release(isProbe);
                throw;
            }
            finally
            {
                route.StopWaitingForShared();
            }
        }
    }
}

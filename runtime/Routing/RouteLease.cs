using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>What a call holds while it runs on a route: its request slot and its token reservation.</summary>
internal sealed class RouteLease : IDisposable
{
    public static readonly RouteLease Unlimited = new(null, null, null);

    /// <summary>The call's hold on a shared store, when its route's state is shared.</summary>
    public SharedRouteReservation? Shared { get; private init; }

    private readonly RateLimitLease? _request;
    private readonly TokenBudgetLease[]? _tokens;

    public RouteLease(RateLimitLease? request, TokenBudgetLease[]? tokens, TimeSpan? refusedRetryAfter)
    {
        _request = request;
        _tokens = tokens;
        RefusedRetryAfter = refusedRetryAfter;
    }

    /// <summary>Whether the queue was full and the call may not use the route.</summary>
    public bool IsRefused { get; private init; }

    /// <summary>When the refused call might be accepted.</summary>
    public TimeSpan? RefusedRetryAfter { get; }

    public static RouteLease Refused(TimeSpan? retryAfter) => new(null, null, retryAfter) { IsRefused = true };

    /// <summary>A call admitted by a shared store.</summary>
    public static RouteLease InStore(SharedRouteReservation reservation) => new(null, null, null) { Shared = reservation };

    /// <summary>Replaces the token reservation of every window with the tokens the call really used.</summary>
    public void Reconcile(long actualTokens)
    {
        Shared?.Reconcile(actualTokens);
        if (_tokens is not null)
        {
            foreach (TokenBudgetLease lease in _tokens)
            {
                lease.Reconcile(actualTokens);
            }
        }
    }

    public void Dispose()
    {
        // A request slot stays spent for its window; disposing only releases the lease objects.
        _request?.Dispose();
        if (_tokens is not null)
        {
            foreach (TokenBudgetLease lease in _tokens)
            {
                lease.Dispose();
            }
        }
    }
}

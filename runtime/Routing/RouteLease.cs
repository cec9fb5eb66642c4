using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>What a call holds while it runs on a route: its request slot and its token reservation.</summary>
internal sealed class RouteLease : IDisposable
{
    public static readonly RouteLease Unlimited = new(null, null, null);

    private readonly RateLimitLease? _request;
    private readonly TokenBudgetLease? _tokens;

    public RouteLease(RateLimitLease? request, TokenBudgetLease? tokens, TimeSpan? refusedRetryAfter)
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

    /// <summary>Replaces the token reservation with the tokens the call really used.</summary>
    public void Reconcile(long actualTokens) => _tokens?.Reconcile(actualTokens);

    public void Dispose()
    {
        // A request slot stays spent for its window; disposing only releases the lease objects.
        _request?.Dispose();
        _tokens?.Dispose();
    }
}

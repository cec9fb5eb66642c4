using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>
/// The rate limits of one route: requests per minute through the built-in fixed-window limiter, tokens per minute
/// through <see cref="TokenBudgetRateLimiter"/>, each with a bounded first-in-first-out queue.
/// </summary>
internal sealed class RouteRateLimits : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FixedWindowRateLimiter? _requests;
    private readonly TokenBudgetRateLimiter? _tokens;

    public RouteRateLimits(int? requestsPerMinute, int? tokensPerMinute, int queueLimit, TimeProvider time)
    {
        if (requestsPerMinute is > 0 and { } rpm)
        {
            _requests = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = rpm,
                Window = Minute,
                QueueLimit = queueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        if (tokensPerMinute is > 0 and { } tpm)
        {
            _tokens = new TokenBudgetRateLimiter(tpm, Minute, queueLimit, time);
        }
    }

    public bool IsLimited => _requests is not null || _tokens is not null;

    /// <summary>Waits for a request slot and <paramref name="tokens"/> tokens; a full queue returns a refused lease.</summary>
    public async ValueTask<RouteLease> AcquireAsync(long tokens, CancellationToken cancellationToken)
    {
        RateLimitLease? request = null;
        if (_requests is not null)
        {
            request = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!request.IsAcquired)
            {
                TimeSpan? retryAfter = request.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : Minute;
                request.Dispose();
                return RouteLease.Refused(retryAfter);
            }
        }

        TokenBudgetLease? budget = null;
        if (_tokens is not null)
        {
            int permits = (int)Math.Clamp(tokens, 0, int.MaxValue);
            RateLimitLease lease;
            try
            {
                lease = await _tokens.AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                request?.Dispose();
                throw;
            }

            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : Minute;
                lease.Dispose();
                request?.Dispose();
                return RouteLease.Refused(retryAfter);
            }

            budget = (TokenBudgetLease)lease;
        }

        return new RouteLease(request, budget, refusedRetryAfter: null);
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _tokens?.Dispose();
    }
}

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

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

using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>
/// The rate limits of one route: requests per minute through the built-in fixed-window limiter, tokens per minute, hour
/// and day through one <see cref="TokenBudgetRateLimiter"/> each, every one with a bounded first-in-first-out queue.
/// A call holds a reservation in every token window, and each is reconciled with the call's real usage.
/// </summary>
internal sealed class RouteRateLimits : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FixedWindowRateLimiter? _requests;
    private readonly TokenBudgetRateLimiter[] _tokens;

    /// <param name="requestsPerMinute">The request limit, if any.</param>
    /// <param name="tokenWindows">Each token limit (when set) with its window.</param>
    /// <param name="queueLimit">Calls that may wait for each limit.</param>
    /// <param name="time">The clock of the token windows.</param>
    public RouteRateLimits(int? requestsPerMinute, ReadOnlySpan<(int? Limit, TimeSpan Window)> tokenWindows, int queueLimit, TimeProvider time)
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

        var tokens = new List<TokenBudgetRateLimiter>(tokenWindows.Length);
        foreach ((int? limit, TimeSpan window) in tokenWindows)
        {
            if (limit is > 0 and { } perWindow)
            {
                tokens.Add(new TokenBudgetRateLimiter(perWindow, window, queueLimit, time));
            }
        }

        _tokens = [.. tokens];
    }

    public bool IsLimited => _requests is not null || _tokens.Length > 0;

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

        TokenBudgetLease[]? budgets = _tokens.Length == 0 ? null : new TokenBudgetLease[_tokens.Length];
        int permits = (int)Math.Clamp(tokens, 0, int.MaxValue);
        for (int i = 0; i < _tokens.Length; i++)
        {
            RateLimitLease lease;
            try
            {
                lease = await _tokens[i].AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                GiveBack(budgets!, i);
                request?.Dispose();
                throw;
            }

            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : Minute;
                lease.Dispose();
                // The windows already granted give their reservation back: the call never runs.
                GiveBack(budgets!, i);
                request?.Dispose();
                return RouteLease.Refused(retryAfter);
            }

            budgets![i] = (TokenBudgetLease)lease;
        }

        return new RouteLease(request, budgets, refusedRetryAfter: null);
    }

    private static void GiveBack(TokenBudgetLease[] granted, int count)
    {
        for (int i = 0; i < count; i++)
        {
            granted[i].Reconcile(0);
            granted[i].Dispose();
        }
    }

    public void Dispose()
    {
        _requests?.Dispose();
        foreach (TokenBudgetRateLimiter limiter in _tokens)
        {
            limiter.Dispose();
        }
    }
}

using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>A lease of <see cref="TokenBudgetRateLimiter"/>: its reservation can be reconciled once with real usage.</summary>
internal sealed class TokenBudgetLease : RateLimitLease
{
    private readonly TokenBudgetRateLimiter _limiter;
    private readonly TimeSpan? _retryAfter;
    private long _reserved;

    public TokenBudgetLease(TokenBudgetRateLimiter limiter, long reserved, bool acquired, TimeSpan? retryAfter)
    {
        _limiter = limiter;
        _reserved = reserved;
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    /// <summary>Replaces the reservation with <paramref name="actualTokens"/>; later calls do nothing.</summary>
    public void Reconcile(long actualTokens)
    {
        long reserved = Interlocked.Exchange(ref _reserved, -1);
        if (reserved >= 0 && IsAcquired)
        {
            _limiter.Adjust(actualTokens - reserved);
        }
    }

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }
}

using System.Threading.RateLimiting;

namespace ModelRegistry;

/// <summary>
/// A tokens-per-window limiter whose leases can be reconciled: a call reserves its prompt estimate plus its output
/// limit, and once the provider reports real usage the difference is given back (or charged). The built-in limiters
/// cannot do this because their leases are all-or-nothing. Windows are fixed and aligned to the limiter's creation;
/// waiting calls are served first in first out from a bounded queue.
/// </summary>
internal sealed class TokenBudgetRateLimiter : RateLimiter
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly long _limit;
    private readonly TimeSpan _window;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private DateTimeOffset _windowStart;
    private long _used;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public TokenBudgetRateLimiter(long tokensPerWindow, TimeSpan window, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerWindow);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _limit = tokensPerWindow;
        _window = window;
        _queueLimit = queueLimit;
        _time = time;
        _windowStart = time.GetUtcNow();
        _timer = time.CreateTimer(static state => ((TokenBudgetRateLimiter)state!).OnWindowElapsed(), this, window, window);
    }

    /// <summary>Tokens reserved or used in the current window.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                Refresh();
                return _used;
            }
        }
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refresh();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, _limit - _used),
                CurrentQueuedCount = _queue.Count,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            long tokens = Math.Min(permitCount, _limit);
            if (_queue.Count == 0 && _used + tokens <= _limit)
            {
                return Grant(tokens);
            }

            _failed++;
            return new TokenBudgetLease(this, 0, acquired: false, RetryAfter());
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            long tokens = Math.Min(permitCount, _limit);
            if (_queue.Count == 0 && _used + tokens <= _limit)
            {
                return new(Grant(tokens));
            }

            if (_queue.Count >= _queueLimit)
            {
                _failed++;
                return new(new TokenBudgetLease(this, 0, acquired: false, RetryAfter()));
            }

            var waiter = new Waiter(tokens);
            waiter.Node = _queue.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Cancellation = cancellationToken.Register(static state =>
                {
                    var (limiter, w, token) = ((TokenBudgetRateLimiter, Waiter, CancellationToken))state!;
                    limiter.Cancel(w, token);
                }, (this, waiter, cancellationToken));
            }

            return new(waiter.Completion.Task);
        }
    }

    /// <summary>Charges (positive) or gives back (negative) tokens after a call's real usage is known.</summary>
    internal void Adjust(long delta)
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            Refresh();
            _used = Math.Max(0, _used + delta);
            granted = DrainLocked();
        }

        Complete(granted);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> waiting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiting = [.. _queue];
            _queue.Clear();
        }

        _timer.Dispose();
        foreach (Waiter waiter in waiting)
        {
            waiter.Cancellation.Dispose();
            waiter.Completion.TrySetResult(new TokenBudgetLease(this, 0, acquired: false, retryAfter: null));
        }
    }

    private void OnWindowElapsed()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Refresh();
            granted = DrainLocked();
        }

        Complete(granted);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _queue.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private void Refresh()
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now - _windowStart >= _window)
        {
            long elapsedWindows = (now - _windowStart).Ticks / _window.Ticks;
            _windowStart += TimeSpan.FromTicks(elapsedWindows * _window.Ticks);
            _used = 0;
        }
    }

    private TimeSpan RetryAfter()
    {
        TimeSpan left = _windowStart + _window - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private TokenBudgetLease Grant(long tokens)
    {
        _used += tokens;
        _successful++;
        return new TokenBudgetLease(this, tokens, acquired: true, retryAfter: null);
    }

    private List<Waiter>? DrainLocked()
    {
        List<Waiter>? granted = null;
        while (_queue.First is { } first && _used + first.Value.Tokens <= _limit)
        {
            _queue.RemoveFirst();
            Waiter waiter = first.Value;
            waiter.Lease = Grant(waiter.Tokens);
            (granted ??= []).Add(waiter);
        }

        return granted;
    }

    private static void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (Waiter waiter in granted)
        {
            waiter.Cancellation.Dispose();
            if (!waiter.Completion.TrySetResult(waiter.Lease!))
            {
                waiter.Lease!.Dispose();
            }
        }
    }

    private sealed class Waiter(long tokens)
    {
        public long Tokens { get; } = tokens;
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Cancellation { get; set; }
        public TokenBudgetLease? Lease { get; set; }
    }
}

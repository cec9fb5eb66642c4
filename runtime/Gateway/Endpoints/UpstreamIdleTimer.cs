namespace ModelRegistry.Gateway;

/// <summary>
/// The idle limit of one streamed answer: armed while the gateway waits for the upstream's next update, it cancels
/// the request's <see cref="CancellationTokenSource"/> when nothing came in time, and remembers that it did. One timer
/// for the whole stream, re-armed per wait, instead of a delay task, a linked source and a <c>WhenAny</c> per wait.
/// </summary>
internal sealed class UpstreamIdleTimer : IDisposable
{
    private readonly CancellationTokenSource _limit;
    private readonly TimeSpan _idleTimeout;
    private readonly ITimer _timer;
    private volatile bool _fired;

    public UpstreamIdleTimer(CancellationTokenSource limit, TimeSpan idleTimeout)
    {
        _limit = limit;
        _idleTimeout = idleTimeout;
        _timer = TimeProvider.System.CreateTimer(static state => ((UpstreamIdleTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the upstream stalled: the timer ran out and cancelled the request.</summary>
    public bool Fired => _fired;

    /// <summary>Starts the idle limit of one wait.</summary>
    public void Arm() => _timer.Change(_idleTimeout, Timeout.InfiniteTimeSpan);

    /// <summary>Stops it: the wait ended.</summary>
    public void Disarm() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void Fire()
    {
        _fired = true;
        try
        {
            _limit.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request ended just as the timer ran out: there is nothing left to cancel.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();
}

using System.Runtime.ExceptionServices;

namespace ModelRegistry;

/// <summary>What happened to each route a call could not use, to explain the failure when none answered.</summary>
internal sealed class AttemptLog
{
    private Exception? _lastFailure;
    private TimeSpan? _refusedRetryAfter;
    private TimeSpan? _unavailableFor;
    private bool _refused;
    private int? _largestSkippedWindow;
    private long _estimate;
    private bool _otherwiseUnavailable;

    public void Failed(Exception exception) => _lastFailure = exception;

    public void Refused(TimeSpan? retryAfter)
    {
        _refused = true;
        _refusedRetryAfter = Min(_refusedRetryAfter, retryAfter);
    }

    public void Unavailable(TimeSpan? availableIn)
    {
        _unavailableFor = Min(_unavailableFor, availableIn);
        _otherwiseUnavailable = true;
    }

    /// <summary>A route whose context window is smaller than the prompt's estimate was skipped.</summary>
    public void TooLarge(long estimate, int window)
    {
        _estimate = estimate;
        _largestSkippedWindow = Math.Max(_largestSkippedWindow ?? 0, window);
    }

    public Exception ToException(string model, RouteState[] routes)
    {
        if (_lastFailure is not null)
        {
            // The last route's own error says best what went wrong (its status maps to the gateway's answer).
            ExceptionDispatchInfo.Capture(_lastFailure).Throw();
        }

        if (_refused)
        {
            return new RateLimitExceededException(
                $"{model}: every route is rate limited and its queue of waiting calls is full; retry after {Seconds(_refusedRetryAfter)} s.",
                _refusedRetryAfter);
        }

        if (_largestSkippedWindow is { } window && !_otherwiseUnavailable)
        {
            // Every route that could be tried was too small (the larger ones are all unavailable is a 503 instead).
            return ContextWindow.Exceeded(model, _estimate, window);
        }

        string states = string.Join(", ", routes.Select(r => r.GetStatus()).Select(s => $"{s.Name} {s.State}"));
        return new NoRouteAvailableException(
            $"{model}: every route is cooling down or paused ({states}); retry after {Seconds(_unavailableFor)} s.", _unavailableFor);
    }

    private static string Seconds(TimeSpan? wait) =>
        Math.Ceiling((wait ?? TimeSpan.Zero).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

using System.Globalization;
using System.Net.Http.Headers;

namespace ModelRegistry;

/// <summary>
/// How long to wait before another attempt of a transient failure (which failures are transient is
/// <see cref="UpstreamFailure"/>'s rule): exponential back-off and jitter unless the provider says when
/// (<c>Retry-After</c>, <c>retry-after-ms</c>).
/// </summary>
internal static class RetryPolicy
{
    /// <summary>The longest wait a <c>Retry-After</c> is read as: a longer (or absurd) value means "a long time", and every
    /// reader caps it further (the transport's <see cref="RetryTiming.MaxRetryAfter"/>, routing's route pause).</summary>
    internal static readonly TimeSpan LongestRetryAfter = TimeSpan.FromDays(1);

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan GetDelay(int attempt, HttpResponseHeaders? headers, RetryTiming timing)
    {
        TimeSpan? asked = headers is null ? null : ReadRetryAfter(headers);
        if (asked is { } retryAfter && retryAfter >= TimeSpan.Zero && retryAfter <= timing.MaxRetryAfter)
        {
            return retryAfter;
        }

        double exponential = timing.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        double capped = Math.Min(exponential, timing.MaxDelay.TotalMilliseconds);
        // Jitter between 75% and 100% keeps many clients that failed together from retrying together.
        double jittered = capped * (0.75 + (Random.Shared.NextDouble() * 0.25));
        return TimeSpan.FromMilliseconds(jittered);
    }

    /// <summary>The wait the provider asked for, from <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or an HTTP date).</summary>
    /// <remarks>
    /// Header values come from the outside world, so every form is read defensively and none throws: a number that is
    /// negative, not a number or unreadable is ignored (<see langword="null"/>); a date already past is no wait; a wait
    /// longer than <see cref="LongestRetryAfter"/> (<c>5e14</c> ms, <c>1e300</c>, a date in year 9999) is read as that.
    /// </remarks>
    internal static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers) =>
        ReadRetryAfter(headers, DateTimeOffset.UtcNow);

    internal static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now) =>
        ReadRetryAfter(First(headers, "retry-after-ms"), First(headers, "Retry-After"), now);

    /// <summary>The same rule over the two header values as sent, for answers that did not come as
    /// <see cref="HttpResponseHeaders"/> (a case-1 client's own response type).</summary>
    internal static TimeSpan? ReadRetryAfter(string? retryAfterMilliseconds, string? retryAfter, DateTimeOffset now)
    {
        if (retryAfterMilliseconds is not null && ReadNumber(retryAfterMilliseconds) is { } ms)
        {
            return FromMilliseconds(ms);
        }

        if (retryAfter is null)
        {
            return null;
        }

        if (ReadNumber(retryAfter) is { } seconds)
        {
            return FromMilliseconds(seconds * 1000);
        }

        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset date))
        {
            TimeSpan wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > LongestRetryAfter ? LongestRetryAfter : wait;
        }

        return null;
    }

    /// <summary>The header's first value as sent (the non-validating view never throws on a malformed value).</summary>
    private static string? First(HttpResponseHeaders headers, string name)
    {
        if (headers.NonValidated.TryGetValues(name, out HeaderStringValues values))
        {
            foreach (string value in values)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A number of at least 0 (infinity included), or <see langword="null"/> for anything else.</summary>
    private static double? ReadNumber(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 ? value : null;

    /// <summary>Milliseconds as a wait, capped before the conversion: <see cref="TimeSpan.FromMilliseconds(double)"/> throws
    /// for values a <see cref="TimeSpan"/> cannot hold.</summary>
    private static TimeSpan FromMilliseconds(double milliseconds) =>
        milliseconds >= LongestRetryAfter.TotalMilliseconds ? LongestRetryAfter : TimeSpan.FromMilliseconds(milliseconds);
}

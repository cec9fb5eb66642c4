using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace ModelRegistry;

/// <summary>
/// Which failures are worth another attempt and how long to wait before it: 408, 409, 429 and 5xx answers and
/// connection failures, with exponential back-off and jitter unless the provider says when (<c>Retry-After</c>,
/// <c>retry-after-ms</c>).
/// </summary>
internal static class RetryPolicy
{
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)status >= 500;

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

    /// <summary>The wait the provider asked for, from <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or a date).</summary>
    internal static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out IEnumerable<string>? milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        RetryConditionHeaderValue? retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }

        return null;
    }
}

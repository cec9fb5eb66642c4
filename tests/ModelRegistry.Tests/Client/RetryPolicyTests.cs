using System.Globalization;
using System.Net;

namespace ModelRegistry.Tests.Client;

/// <summary>Which answers are retried, and how long the client waits.</summary>
public sealed class RetryPolicyTests
{
    private static readonly RetryTiming Timing = new() { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(400) };

    [Theory]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(425, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void Transient_statuses_are_retried(int status, bool retried) =>
        Assert.Equal(retried, UpstreamFailure.IsTransient((HttpStatusCode)status));

    [Fact]
    public void Back_off_grows_with_jitter_and_is_capped()
    {
        for (int repeat = 0; repeat < 50; repeat++)
        {
            TimeSpan first = RetryPolicy.GetDelay(1, null, Timing);
            TimeSpan third = RetryPolicy.GetDelay(3, null, Timing);
            TimeSpan tenth = RetryPolicy.GetDelay(10, null, Timing);
            Assert.InRange(first.TotalMilliseconds, 75, 100);
            Assert.InRange(third.TotalMilliseconds, 300, 400);
            Assert.InRange(tenth.TotalMilliseconds, 300, 400);
        }
    }

    [Fact]
    public void RetryAfter_in_seconds_milliseconds_or_as_a_date_is_honoured()
    {
        using var seconds = new HttpResponseMessage();
        seconds.Headers.TryAddWithoutValidation("Retry-After", "3");
        using var milliseconds = new HttpResponseMessage();
        milliseconds.Headers.TryAddWithoutValidation("retry-after-ms", "250");
        using var date = new HttpResponseMessage();
        date.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture));
        using var tooLong = new HttpResponseMessage();
        tooLong.Headers.TryAddWithoutValidation("Retry-After", "3600");

        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.GetDelay(1, seconds.Headers, Timing));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryPolicy.GetDelay(1, milliseconds.Headers, Timing));
        Assert.InRange(RetryPolicy.GetDelay(1, date.Headers, Timing).TotalSeconds, 20, 31);
        // An hour is not waited for: the computed back-off applies instead.
        Assert.InRange(RetryPolicy.GetDelay(1, tooLong.Headers, Timing).TotalMilliseconds, 75, 100);
    }
}

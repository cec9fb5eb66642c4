namespace ModelRegistry;

/// <summary>
/// How long the transport waits between attempts. Production uses <see cref="Default"/>; tests substitute the
/// wait so that they can assert the delays asked for (a <c>Retry-After</c> honoured) without sleeping.
/// </summary>
internal sealed class RetryTiming
{
    public static RetryTiming Default { get; } = new();

    /// <summary>The first back-off; each further attempt doubles it.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed back-off.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the computed back-off is used instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait itself.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (delay, token) => Task.Delay(delay, token);
}

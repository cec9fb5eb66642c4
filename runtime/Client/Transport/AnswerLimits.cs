using System.Globalization;

namespace ModelRegistry;

/// <summary>
/// The limits on what a provider may send back, and the failures that end an answer which breaks one: a stream that
/// goes silent for longer than <see cref="ChatModelConfiguration.StreamIdleTimeout"/>, and a body or stream event larger
/// than <see cref="ChatModelConfiguration.MaxResponseBytes"/>. Both failures carry no status, so routing counts them
/// against the route and may fall back.
/// </summary>
internal static class AnswerLimits
{
    /// <summary>The idle limit of a stream when neither the settings nor the environment set one.</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The answer size limit when neither the settings nor the environment set one: 16 MiB, far above any
    /// chat answer, far below what would let one upstream exhaust the process.</summary>
    public const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The longest timer <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> accepts (about 49 days): a
    /// longer idle limit is as good as none, and must not make every stream throw.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static TimeSpan StreamIdleTimeout(ChatModelConfiguration configuration) =>
        configuration.StreamIdleTimeout is { } idle && idle > TimeSpan.Zero ? (idle < LongestTimer ? idle : LongestTimer) : DefaultStreamIdleTimeout;

    public static long MaxResponseBytes(ChatModelConfiguration configuration) =>
        configuration.MaxResponseBytes is { } bytes && bytes > 0 ? bytes : DefaultMaxResponseBytes;

    /// <summary>The failure of a stream that sent nothing for <paramref name="idle"/>. Its inner exception is a
    /// <see cref="TimeoutException"/>, which is how a caller (the gateway) tells it from other broken streams.</summary>
    public static ChatProviderException WentSilent(ChatModelConfiguration configuration, TimeSpan idle, string? requestId, Exception inner)
    {
        string message = string.Create(CultureInfo.InvariantCulture,
            $"The stream from {configuration.Provider.Name} for model '{configuration.RequestModel}' went silent for {idle.TotalSeconds:0.###} s (the stream idle timeout): the answer is incomplete.");
        return new ChatProviderException(message, configuration.Provider.Name, statusCode: null, requestId: requestId,
            innerException: new TimeoutException(message, inner));
    }

    /// <summary>The failure of an answer larger than <paramref name="limit"/>: a body (<paramref name="what"/> "a body"),
    /// or one stream event.</summary>
    public static ChatProviderException TooLarge(ChatModelConfiguration configuration, string what, long limit, string? requestId) =>
        new(string.Create(CultureInfo.InvariantCulture,
                $"{configuration.Provider.Name} answered model '{configuration.RequestModel}' with {what} larger than {limit} bytes (the answer size limit, MaxResponseBytes); it was not read further."),
            configuration.Provider.Name, statusCode: null, requestId: requestId);
}

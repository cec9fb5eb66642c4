using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>How a <see cref="RoutedChatClient"/> spreads, retries, limits and prices calls.</summary>
public sealed class RoutedChatClientOptions
{
    /// <summary>The routes, in declaration order. At least one must remain after <c>OFFLOAD</c> filtering.</summary>
    public IList<ChatRoute> Routes { get; init; } = new List<ChatRoute>();

    /// <summary>The canonical id of the routed model (reported in metadata, logs and metrics).</summary>
    public string? ModelId { get; init; }

    /// <summary>The routed model's profile: its pricing applies to routes without their own, and its output limit sizes token reservations.</summary>
    public ModelProfile? Profile { get; init; }

    /// <summary>How long a failing route is left alone before one probe call is let through (the circuit's half-open state).</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive retriable failures that open a route's circuit.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>How long a stream may go without content (only a role or keep-alives) before its route counts as failed
    /// and the call moves to the next route, for routes without their own <see cref="ChatRoute.Timeout"/>. Default 30 s:
    /// a healthy server sends its first token (or reasoning) within seconds, and a hung one must give up well inside the
    /// sample gateway's wait for a stream's next update (60 s) and its request limit (600 s), leaving the next route
    /// time to start. A zero or negative value means no bound.</summary>
    public TimeSpan FirstContentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a non-streamed call may take on one route before the route counts as failed and the call moves
    /// to the next route, for routes without their own <see cref="ChatRoute.Timeout"/>. Default 300 s: a whole answer of
    /// thousands of tokens may take minutes, yet half the gateway's request limit (600 s) is left for the next route.
    /// A zero or negative value means no bound.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The longest a route is paused for an upstream's <c>Retry-After</c> (default 5 minutes): an upstream that
    /// asks for a day (or sends an absurd value) must not take the route away for a day.</summary>
    public TimeSpan MaxRoutePause { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls that may wait, first in first out, for a rate-limited route; one more is refused with <see cref="RateLimitExceededException"/>.</summary>
    public int QueueLimit { get; init; } = 64;

    /// <summary>Whether local routes are dropped; <see langword="null"/> reads the <c>OFFLOAD</c> environment variable (<c>1</c> or <c>true</c>).</summary>
    public bool? Offload { get; init; }

    /// <summary>The local server's base URL whose routes <c>OFFLOAD</c> drops too; <see langword="null"/> reads <c>LOCAL_BASE_URL</c>.</summary>
    public Uri? LocalBaseUrl { get; init; }

    /// <summary>The clock for cooldowns, pauses and token windows (a test passes a manual one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Returns a number in [0, 1) to pick a route by weight; <see langword="null"/> uses <see cref="Random.Shared"/>.</summary>
    public Func<double>? RandomSource { get; init; }

    /// <summary>A store that other processes share the routes' windows, circuits and usage counters through; <see langword="null"/>
    /// (the default) keeps them in this process.</summary>
    internal IRoutingStateStore? StateStore { get; init; }

    /// <summary>Where routing logs route choices, fallbacks and circuit changes.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}

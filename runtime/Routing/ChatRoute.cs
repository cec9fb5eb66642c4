using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One endpoint a <see cref="RoutedChatClient"/> may send a call to: the client that talks to it and how traffic,
/// limits and prices apply to it.
/// </summary>
public sealed class ChatRoute
{
    /// <summary>The route's name in logs, metrics, health and <see cref="RoutedCallInfo.Route"/> (for example the provider name).</summary>
    public required string Name { get; init; }

    /// <summary>The client that serves the route. The routed client disposes it when it is disposed.</summary>
    public required IChatClient Client { get; init; }

    /// <summary>Relative share of traffic; a route of weight 0 only serves as a fallback.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Whether the route runs on the user's own hardware (dropped under <c>OFFLOAD=1</c>).</summary>
    public bool IsLocal { get; init; }

    /// <summary>The endpoint the route sends to, when known; compared with <c>LOCAL_BASE_URL</c> under <c>OFFLOAD=1</c>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Requests per minute allowed on this route, or <see langword="null"/> for no limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Tokens (prompt estimate plus output limit, reconciled with real usage) per minute, or <see langword="null"/> for no limit.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Tokens per hour allowed on this route (counted as <see cref="TokensPerMinute"/> is), or <see langword="null"/> for no limit.</summary>
    public int? TokensPerHour { get; init; }

    /// <summary>Tokens per day allowed on this route (the daily quotas providers publish), or <see langword="null"/> for no limit.</summary>
    public int? TokensPerDay { get; init; }

    /// <summary>How long a call on this route may wait for its first content (a stream) or its whole answer (a
    /// non-streamed call) before the route counts as failed and the call moves to the next route; <see langword="null"/>
    /// uses <see cref="RoutedChatClientOptions.FirstContentTimeout"/> and <see cref="RoutedChatClientOptions.AttemptTimeout"/>.
    /// Routes loaded from a profile take the route client's configured timeout (<c>{P}_TIMEOUT</c>,
    /// <see cref="ChatModelSettings.Timeout"/>) or the overlay's <c>timeout_seconds</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The route's context window in tokens, or <see langword="null"/> when unknown: a call whose estimated prompt
    /// is larger skips the route (and, when no route fits, fails with <see cref="ContextWindowExceededException"/>).</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>Prices of calls on this route; when <see langword="null"/>, the routed model's profile pricing applies.</summary>
    public ModelPricing? Pricing { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

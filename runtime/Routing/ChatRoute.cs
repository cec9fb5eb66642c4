using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One endpoint a <see cref="RoutedChatClient"/> may send a call to: the client that talks to it and how traffic,
/// limits and prices apply to it.
/// </summary>
public sealed class ChatRoute
{
    /// <summary>Creates a route; set <see cref="Name"/> and <see cref="Client"/>.</summary>
    public ChatRoute()
    {
    }

    /// <summary>A route of <paramref name="definition"/>, served by <paramref name="client"/>.</summary>
    [SetsRequiredMembers]
    internal ChatRoute(RouteDefinition definition, IChatClient client)
    {
        Definition = definition;
        Name = definition.Name;
        Client = client;
    }

    /// <summary>What the route says without its client: the routing code reads this.</summary>
    internal RouteDefinition Definition { get; private set; } = new() { Name = "" };

    /// <summary>The route's name in logs, metrics, health and <see cref="RoutedCallInfo.Route"/> (for example the provider name).</summary>
    public required string Name { get => Definition.Name; init => Definition = Definition with { Name = value }; }

    /// <summary>The client that serves the route. The routed client disposes it when it is disposed.</summary>
    public required IChatClient Client { get; init; }

    /// <summary>Relative share of traffic; a route of weight 0 only serves as a fallback.</summary>
    public double Weight { get => Definition.Weight; init => Definition = Definition with { Weight = value }; }

    /// <summary>Whether the route runs on the user's own hardware (dropped under <c>OFFLOAD=1</c>).</summary>
    public bool IsLocal { get => Definition.IsLocal; init => Definition = Definition with { IsLocal = value }; }

    /// <summary>The endpoint the route sends to, when known; compared with <c>LOCAL_BASE_URL</c> under <c>OFFLOAD=1</c>.</summary>
    public Uri? Endpoint { get => Definition.Endpoint; init => Definition = Definition with { Endpoint = value }; }

    /// <summary>Requests per minute allowed on this route, or <see langword="null"/> for no limit.</summary>
    public int? RequestsPerMinute { get => Definition.RequestsPerMinute; init => Definition = Definition with { RequestsPerMinute = value }; }

    /// <summary>Tokens (prompt estimate plus output limit, reconciled with real usage) per minute, or <see langword="null"/> for no limit.</summary>
    public int? TokensPerMinute { get => Definition.TokensPerMinute; init => Definition = Definition with { TokensPerMinute = value }; }

    /// <summary>Tokens per hour allowed on this route (counted as <see cref="TokensPerMinute"/> is), or <see langword="null"/> for no limit.</summary>
    public int? TokensPerHour { get => Definition.TokensPerHour; init => Definition = Definition with { TokensPerHour = value }; }

    /// <summary>Tokens per day allowed on this route (the daily quotas providers publish), or <see langword="null"/> for no limit.</summary>
    public int? TokensPerDay { get => Definition.TokensPerDay; init => Definition = Definition with { TokensPerDay = value }; }

    /// <summary>How long a call on this route may wait for its first content (a stream) or its whole answer (a
    /// non-streamed call) before the route counts as failed and the call moves to the next route; <see langword="null"/>
    /// uses <see cref="RoutedChatClientOptions.FirstContentTimeout"/> and <see cref="RoutedChatClientOptions.AttemptTimeout"/>.
    /// Routes loaded from a profile take the route client's configured timeout (<c>{P}_TIMEOUT</c>,
    /// <see cref="ChatModelSettings.Timeout"/>) or the overlay's <c>timeout_seconds</c>.</summary>
    public TimeSpan? Timeout { get => Definition.Timeout; init => Definition = Definition with { Timeout = value }; }

    /// <summary>The route's context window in tokens, or <see langword="null"/> when unknown: a call whose estimated prompt
    /// is larger skips the route (and, when no route fits, fails with <see cref="ContextWindowExceededException"/>).</summary>
    public int? MaxInputTokens { get => Definition.MaxInputTokens; init => Definition = Definition with { MaxInputTokens = value }; }

    /// <summary>Prices of calls on this route; when <see langword="null"/>, the routed model's profile pricing applies.</summary>
    public ModelPricing? Pricing { get => Definition.Pricing; init => Definition = Definition with { Pricing = value }; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

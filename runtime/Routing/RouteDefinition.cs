using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One route of a routed model without the client that serves it: how traffic, limits, bounds and prices apply to it
/// (each field means what the <see cref="ChatRoute"/> property of its name says). The route state, bounds, planner,
/// admission and shared state read only this, so chat routes and embedding routes are routed by the same code;
/// <see cref="ChatRoute"/> is the public face of one, with its client.
/// </summary>
internal sealed record RouteDefinition
{
    public required string Name { get; init; }

    public double Weight { get; init; } = 1;

    public bool IsLocal { get; init; }

    public Uri? Endpoint { get; init; }

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    public int? TokensPerHour { get; init; }

    public int? TokensPerDay { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The context window a call's estimated input is checked against, or <see langword="null"/> for none.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>The most output tokens the route's own model allows, when known (chat routes only).</summary>
    public int? MaxOutputTokens { get; init; }

    public ModelPricing? Pricing { get; init; }

    /// <summary>What a <see cref="ChatRoute"/> says about its route, with the output limit of its client's own profile.</summary>
    public static RouteDefinition Of(ChatRoute route) => route.Definition with
    {
        MaxOutputTokens = route.Client.GetService(typeof(ModelProfile)) is ModelProfile { Routes.IsEmpty: true } own ? own.MaxOutputTokens : null,
    };

    /// <summary>The public description of this route, served by <paramref name="client"/>.</summary>
    public ChatRoute ToChatRoute(IChatClient client) => new(this, client);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

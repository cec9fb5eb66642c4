using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// What one call on a route may take: how long until its first content (a stream) or its whole answer (a
/// non-streamed call) before the route counts as failed, and how many output tokens the route allows.
/// </summary>
/// <remarks>
/// A hung upstream (a saturated server rarely errors, it stalls) must cost one route's bound, not the caller's whole
/// time: the bound's expiry is a failure of the route and the call moves on. The output limit is the route's own
/// (its client's profile) within the routed model's, so each route is sent what it accepts.
/// </remarks>
internal sealed class RouteBounds
{
    private readonly OnceLogger _log;

    public RouteBounds(RouteDefinition route, RoutedChatClientOptions options)
    {
        FirstContent = Positive(route.Timeout) ?? Positive(options.FirstContentTimeout) ?? Timeout.InfiniteTimeSpan;
        Attempt = Positive(route.Timeout) ?? Positive(options.AttemptTimeout) ?? Timeout.InfiniteTimeSpan;
        int? own = route.MaxOutputTokens;
        int? model = options.Profile?.MaxOutputTokens;
        MaxOutputTokens = own is null ? model : model is null ? own : Math.Min(own.Value, model.Value);
        _log = new OnceLogger(options.LoggerFactory, route.Name, options.ModelId ?? options.Profile?.Model ?? "routed model");
    }

    /// <summary>The longest wait for a stream's first content (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public TimeSpan FirstContent { get; }

    /// <summary>The longest a non-streamed attempt may take (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public TimeSpan Attempt { get; }

    /// <summary>The most output tokens the route accepts, when known.</summary>
    public int? MaxOutputTokens { get; }

    /// <summary>The options to send on this route: the caller's own, or a copy whose <c>max_tokens</c> is clamped to the
    /// route's limit (with the client's usual warning, once per route).</summary>
    public ChatOptions? Clamp(ChatOptions? options)
    {
        if (options?.MaxOutputTokens is not { } requested || MaxOutputTokens is not { } limit || requested <= limit)
        {
            return options;
        }

        _log.MaxTokensClamped(requested, limit);
        ChatOptions clamped = options.Clone();
        clamped.MaxOutputTokens = limit;
        return clamped;
    }

    /// <summary>A bound that is set (a positive span); one longer than a timer can hold (about 24 days) means no bound.</summary>
    private static TimeSpan? Positive(TimeSpan? value) => value is { } span && span > TimeSpan.Zero
        ? span.TotalMilliseconds < int.MaxValue ? span : Timeout.InfiniteTimeSpan
        : null;
}

using System.Globalization;

namespace ModelRegistry;

/// <summary>
/// The context-window pre-check of routing (LiteLLM's <c>enable_pre_call_checks</c>): a call whose estimated prompt
/// (<see cref="UsageEstimator.EstimateInputTokens"/>) exceeds a route's <see cref="ChatRoute.MaxInputTokens"/> is not
/// sent to that route, and one that fits no route fails before any upstream call.
/// </summary>
internal static class ContextWindow
{
    /// <summary>The largest window when every route has one and the estimate exceeds them all; otherwise <see langword="null"/>
    /// (a route of unknown window may still take the call).</summary>
    public static int? TooLargeForEvery(RouteState[] routes, long estimate)
    {
        int largest = 0;
        foreach (RouteState route in routes)
        {
            if (route.Route.MaxInputTokens is not { } window || estimate <= window)
            {
                return null;
            }

            largest = Math.Max(largest, window);
        }

        return routes.Length == 0 ? null : largest;
    }

    public static ContextWindowExceededException Exceeded(string model, long estimate, int window) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"{model}: the prompt is about {estimate} tokens, more than the context window of {window} tokens of every route. Shorten the conversation, or name a fallback model with a larger window."),
        model, estimate, window);
}

using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Records what routing does on the <see cref="RoutingTelemetry"/> meter and activity source: one activity per attempt
/// on a route, the calls, fallbacks, tokens and cost counters, and the time to the first streamed content. The attempt
/// executor reports outcomes here; nothing is measured, tagged or boxed unless someone listens.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.AI keeps telemetry out of the call logic (its <c>OpenTelemetryChatClient</c> is a layer of
/// its own); a route attempt is not a whole call, so routing's telemetry is this helper the executor calls at each
/// outcome rather than a layer, with the same rule: the instruments are checked before any tag is built.
/// </remarks>
internal sealed class AttemptTelemetry(string operation, string model)
{
    private readonly string _activityName = operation + " " + model;

    /// <summary>The activity of one attempt, or <see langword="null"/> when no one listens.</summary>
    public Activity? StartAttempt(RouteState route, bool streaming)
    {
        if (!RoutingTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(_activityName, ActivityKind.Client);
        activity?.SetTag("modelregistry.model", model);
        activity?.SetTag("modelregistry.route", route.Route.Name);
        activity?.SetTag("modelregistry.streaming", streaming);
        return activity;
    }

    /// <summary>Whether the usage of a call is wanted (an activity or the token and cost counters listen).</summary>
    public static bool WantsUsage(Activity? activity) =>
        activity is not null || RoutingTelemetry.Tokens.Enabled || RoutingTelemetry.Cost.Enabled;

    public static void Succeeded(RouteState route, Activity? activity, long? streamStarted)
    {
        CountCall(route, "success");
        if (streamStarted is { } started && (RoutingTelemetry.TimeToFirstToken.Enabled || activity is not null))
        {
            double secondsToFirst = Stopwatch.GetElapsedTime(started).TotalSeconds;
            RoutingTelemetry.TimeToFirstToken.Record(secondsToFirst, Tag("route", route.Route.Name));
            activity?.SetTag("modelregistry.time_to_first_token_s", secondsToFirst);
        }
    }

    /// <summary>A route failure that moves the call on.</summary>
    public static void FellBack(RouteState route, Exception exception, Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        CountCall(route, "failure");
        if (RoutingTelemetry.Fallbacks.Enabled)
        {
            RoutingTelemetry.Fallbacks.Add(1, Tag("route", route.Route.Name));
        }
    }

    /// <summary>A failure thrown to the caller: the call ends on this route (a request error, or the caller cancelled).</summary>
    public static void Ended(Exception exception, Activity? activity) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);

    /// <summary>A stream that failed after content reached the caller.</summary>
    public static void CommittedStreamFailed(RouteState route, Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, "stream failed after content");
        CountCall(route, "failure");
    }

    /// <summary>A call the route's full queue turned away.</summary>
    public static void Refused(RouteState route) => CountCall(route, "refused");

    /// <summary>The usage and cost the route's accounting layer reported for the call.</summary>
    public static void Accounted(RouteState route, UsageDetails usage, RoutedCallInfo? info, Activity? activity)
    {
        bool estimated = info?.UsageEstimated ?? false;
        decimal? cost = info?.Cost;
        string name = route.Route.Name;
        if (RoutingTelemetry.Tokens.Enabled)
        {
            // Only boxed when someone listens: the flag is an object in the tag list.
            RoutingTelemetry.Tokens.Add(usage.InputTokenCount ?? 0, Tag("route", name), Tag("direction", "input"), Tag("estimated", estimated));
            RoutingTelemetry.Tokens.Add(usage.OutputTokenCount ?? 0, Tag("route", name), Tag("direction", "output"), Tag("estimated", estimated));
        }

        if (cost is { } value && RoutingTelemetry.Cost.Enabled)
        {
            RoutingTelemetry.Cost.Add((double)value, Tag("route", name));
        }

        if (activity is not null)
        {
            activity.SetTag("modelregistry.input_tokens", usage.InputTokenCount);
            activity.SetTag("modelregistry.output_tokens", usage.OutputTokenCount);
            activity.SetTag("modelregistry.usage_estimated", estimated);
            activity.SetTag("modelregistry.cost_usd", cost is { } c ? (double)c : null);
        }
    }

    private static void CountCall(RouteState route, string outcome)
    {
        if (RoutingTelemetry.Calls.Enabled)
        {
            RoutingTelemetry.Calls.Add(1, Tag("route", route.Route.Name), Tag("outcome", outcome));
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelRegistry;

/// <summary>
/// The metrics and activities of routing, under the name <see cref="Name"/>: one activity per attempt on a route,
/// counters of calls, fallbacks, tokens and cost, and a histogram of the time to the first streamed content.
/// Listen with <c>dotnet-counters</c>, OpenTelemetry (<c>AddMeter</c>/<c>AddSource</c>) or a <see cref="MeterListener"/>.
/// </summary>
public static class RoutingTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> and the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string Name = "ModelRegistry.Routing";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "modelregistry.routing.calls", "{call}", "Attempts on a route, tagged with the route and the outcome (success, failure, refused).");

    internal static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "modelregistry.routing.fallbacks", "{fallback}", "Calls moved to another route after a retriable failure.");

    internal static readonly Counter<long> ModelFallbacks = Meter.CreateCounter<long>(
        "modelregistry.routing.model_fallbacks", "{fallback}", "Calls moved to a fallback model, tagged with the model and the fallback.");

    internal static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "modelregistry.routing.tokens", "{token}", "Tokens used, tagged with the route, the direction (input, output) and whether they were estimated.");

    internal static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "modelregistry.routing.cost", "USD", "Cost of calls from the model's pricing.");

    internal static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram<double>(
        "modelregistry.routing.time_to_first_token", "s", "Time from sending a streamed call to its first content.");
}

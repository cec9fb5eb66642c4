using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The gateway's outermost layer over every model: Microsoft.Extensions.AI's GenAI telemetry
/// (<see cref="OpenTelemetryChatClient"/>), remembering the client right under it. A stream may be passed through as
/// bytes (<see cref="IChatEventStreamClient"/>) only to that client — never past a layer the host added — and only while
/// nothing listens to the GenAI telemetry the pass-through would skip: with a listener (a trace exporter, or
/// <c>Gateway:Metrics</c>), streams take the parsed path and the telemetry stays complete.
/// </summary>
internal sealed class TelemetryLayer(IChatClient inner, ILoggerFactory? loggerFactory)
    : DelegatingChatClient(new OpenTelemetryChatClient(inner, loggerFactory?.CreateLogger(typeof(OpenTelemetryChatClient))))
{
    /// <summary>The source and meter <see cref="OpenTelemetryChatClient"/> reports to by default.</summary>
    private const string GenAITelemetry = "Experimental.Microsoft.Extensions.AI";

    // Probes of the same name: listeners subscribe by name, so these have listeners exactly when the telemetry layer has.
    private static readonly ActivitySource ActivityProbe = new(GenAITelemetry);
    private static readonly Meter MeterProbe = new(GenAITelemetry);
    private static readonly Histogram<double> DurationProbe = MeterProbe.CreateHistogram<double>("gen_ai.client.operation.duration");
    private static readonly Histogram<int> TokensProbe = MeterProbe.CreateHistogram<int>("gen_ai.client.token.usage");

    /// <summary>The client a stream can be passed through to now, or <see langword="null"/>.</summary>
    public IChatEventStreamClient? PassThrough => inner is IChatEventStreamClient events && !Listened ? events : null;

    /// <summary>The client a request body can be forwarded to as bytes now (<see cref="IChatForwardingClient"/>), or
    /// <see langword="null"/>: the same conditions as <see cref="PassThrough"/>.</summary>
    public IChatForwardingClient? Forwarding => inner is IChatForwardingClient forwarding && !Listened ? forwarding : null;

    private static bool Listened => ActivityProbe.HasListeners() || DurationProbe.Enabled || TokensProbe.Enabled;
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>GET /health</c>: each model's routes (a routed embedding model's too) with their circuit state and, for OpenAI-compatible routes, the result of
/// a <c>GET /models</c> probe (no tokens spent), cached for <see cref="GatewayOptions.HealthCacheDuration"/>.
/// <c>status</c> is <c>ok</c> when every model has a route that can take a call now (its circuit not open, no upstream
/// <c>Retry-After</c> pause running, its probe not down), else <c>degraded</c>. Each route shows its circuit, whether it is
/// <c>available</c>, and until when it is cooling down (<c>unavailable_until</c>) or paused (<c>paused_until</c>).
/// Models not served (<c>OFFLOAD=1</c> left them no route) are listed under <c>unavailable</c> and make it <c>degraded</c> too.
/// <c>overlay</c> names the live routing overlay and its last rejected edit; <c>active_probe</c> on a route is the last
/// background probe (<see cref="RouteProber"/>).
/// <c>state</c> tells where limits, circuits and counters live (<c>in-process</c> or <c>redis</c>) and whether they are
/// shared now: a configured Redis that is unreachable makes it <c>degraded</c> (requests are still served, from
/// in-process state). With Redis, each route's circuit is read from it first, so a route another instance opened shows.
/// </summary>
internal sealed class HealthEndpoint(GatewayOptions options, TimeProvider time)
{
    /// <summary>How long <c>/health</c> waits for one probe: a black-holed upstream must not hang the health page.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<OpenAICompatibleChatClient, (DateTimeOffset At, Task<ChatProviderHealth> Probe)> _probes = new();

    /// <summary>Answers one <c>GET /health</c> request through the <see cref="HealthEndpoint"/> the services hold (its probe cache lives there).</summary>
    public static Task HandleAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<HealthEndpoint>().WriteAsync(context);

    private async Task WriteAsync(HttpContext context)
    {
        ModelCatalog catalog = context.RequestServices.GetRequiredService<ModelCatalog>();
        // One view of the served models, even when an overlay reload swaps them during this request.
        CatalogContents contents = catalog.Current;
        RouteProber? prober = context.RequestServices.GetService<RouteProber>();
        IRoutingStateStore? state = context.RequestServices.GetRequiredService<GatewayRoutingState>().Store;
        var activeProbes = new Dictionary<RouteStatus, RouteProbeResult>(ReferenceEqualityComparer.Instance);
        var models = new List<(ServedModel Model, List<(RouteStatus Status, ChatProviderHealth? Probe)> Routes)>();
        foreach (ServedModel model in contents.Models)
        {
            var routes = new List<(RouteStatus, ChatProviderHealth?)>();
            if (ModelCatalog.Routed(model) is { } routed)
            {
                await routed.RefreshSharedStateAsync(context.RequestAborted);
                IReadOnlyList<RouteStatus> statuses = routed.GetRouteStatuses();
                for (int i = 0; i < statuses.Count; i++)
                {
                    routes.Add((statuses[i], await ProbeAsync(routed.Routes[i].Client, context.RequestAborted)));
                    if (prober?.Find(routed.Routes[i]) is { } active)
                    {
                        activeProbes[statuses[i]] = active;
                    }
                }
            }
            else if (ModelCatalog.RoutedEmbeddings(model) is { } embeddings)
            {
                // Routed as chat is (circuits, pauses, shared state); not probed: GET /models is a chat client's check.
                await embeddings.RefreshSharedStateAsync(context.RequestAborted);
                foreach (RouteStatus status in embeddings.GetRouteStatuses())
                {
                    routes.Add((status, null));
                }
            }
            else
            {
                var status = new RouteStatus(model.Provider.Name, 1, model.Provider.IsLocal, null, RouteCircuitState.Closed, 0, null);
                routes.Add((status, await ProbeAsync(model.Client, context.RequestAborted)));
            }

            models.Add((model, routes));
        }

        // A route that is paused (Retry-After) or cooling down takes no call however its probe answers: a model whose every
        // route is away answers 503, so its health must not say ok. Nor may it while a model is not served at all.
        RoutingStateStatus stateStatus = state?.Status ?? new RoutingStateStatus("in-process", IsShared: false, Detail: null);
        bool healthy = contents.Unavailable.Count == 0 && (state is null || stateStatus.IsShared) &&
            models.All(m => m.Routes.Any(r => r.Status.IsAvailable && r.Status.State != RouteCircuitState.Open && r.Probe?.IsHealthy != false));
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("status", healthy ? "ok" : "degraded");
        writer.WriteStartArray("models");
        foreach ((ServedModel model, List<(RouteStatus Status, ChatProviderHealth? Probe)> routes) in models)
        {
            writer.WriteStartObject();
            writer.WriteString("id", model.Id);
            writer.WriteStartArray("routes");
            foreach ((RouteStatus status, ChatProviderHealth? probe) in routes)
            {
                writer.WriteStartObject();
                writer.WriteString("name", status.Name);
                writer.WriteString("circuit", status.State switch { RouteCircuitState.Open => "open", RouteCircuitState.HalfOpen => "half_open", _ => "closed" });
                writer.WriteBoolean("available", status.IsAvailable);
                if (status.UnavailableUntil is { } unavailableUntil)
                {
                    writer.WriteString("unavailable_until", unavailableUntil);
                }

                if (status.PausedUntil is { } pausedUntil)
                {
                    writer.WriteString("paused_until", pausedUntil);
                }

                if (probe is null)
                {
                    writer.WriteString("probe", "not_applicable");
                }
                else
                {
                    writer.WriteString("probe", probe.IsHealthy ? "up" : "down");
                    if (probe.StatusCode is { } probeStatus)
                    {
                        writer.WriteNumber("status_code", (int)probeStatus);
                    }

                    if (probe.Detail is { } detail)
                    {
                        writer.WriteString("detail", detail);
                    }
                }

                if (activeProbes.TryGetValue(status, out RouteProbeResult? activeProbe))
                {
                    WriteActiveProbe(writer, activeProbe);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteUnavailable(writer, contents.Unavailable);
        WriteOverlay(writer, contents.Overlay, catalog.LastRejection);
        WriteState(writer, stateStatus);
        WriteRuntime(writer);
        writer.WriteEndObject();
    }

    /// <summary>The overlay being served: its file, the SHA-256 of its bytes and when it went live, and the last edit that
    /// was rejected (the running overlay kept serving) with what was wrong.</summary>
    private static void WriteOverlay(Utf8JsonWriter writer, LiveOverlay live, OverlayRejection? lastRejection)
    {
        writer.WriteStartObject("overlay");
        writer.WriteString("path", live.Source);
        writer.WriteString("sha256", live.Sha256);
        writer.WriteString("loaded_at", live.LoadedAt);
        if (lastRejection is { } rejected)
        {
            writer.WriteStartObject("last_rejected");
            writer.WriteString("sha256", rejected.Sha256);
            writer.WriteString("at", rejected.At);
            writer.WriteString("error", rejected.Error);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter writer, RoutingStateStatus status)
    {
        writer.WriteStartObject("state");
        writer.WriteString("backend", status.Backend);
        writer.WriteBoolean("shared", status.IsShared);
        if (status.Detail is { } detail)
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
    }

    /// <summary>The last background probe of a route (<c>Gateway:ProbeIntervalSeconds</c>).</summary>
    private static void WriteActiveProbe(Utf8JsonWriter writer, RouteProbeResult result)
    {
        writer.WriteStartObject("active_probe");
        writer.WriteString("state", result.IsUp ? "up" : "down");
        writer.WriteString("at", result.At);
        if (result.Health.StatusCode is { } statusCode)
        {
            writer.WriteNumber("status_code", (int)statusCode);
        }

        if (result.Health.Detail is { } detail)
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
    }

    private static void WriteUnavailable(Utf8JsonWriter writer, IReadOnlyList<UnavailableModel> unavailable)
    {
        writer.WriteStartArray("unavailable");
        foreach (UnavailableModel model in unavailable)
        {
            writer.WriteStartObject();
            writer.WriteString("id", model.Id);
            writer.WriteString("reason", model.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The process's garbage collector since start: its mode, collections per generation, bytes allocated and
    /// total pause time, so a latency tail can be checked against GC pauses (the gateway load test reads it); and its
    /// memory: the heap's hard limit (the gateway's memory bound), the heap now, and the resident set.</summary>
    private static void WriteRuntime(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("runtime");
        writer.WriteString("gc_mode", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");
        writer.WriteBoolean("gc_concurrent", System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch);
        writer.WriteNumber("gc_gen0_collections", GC.CollectionCount(0));
        writer.WriteNumber("gc_gen1_collections", GC.CollectionCount(1));
        writer.WriteNumber("gc_gen2_collections", GC.CollectionCount(2));
        writer.WriteNumber("gc_pause_ms", GC.GetTotalPauseDuration().TotalMilliseconds);
        writer.WriteNumber("allocated_bytes", GC.GetTotalAllocatedBytes());
        GCMemoryInfo memory = GC.GetGCMemoryInfo();
        // With a hard limit set, the memory available to the GC is that limit (docs/gateway.md, "Memory").
        writer.WriteNumber("gc_heap_limit_bytes", memory.TotalAvailableMemoryBytes);
        writer.WriteNumber("gc_heap_bytes", GC.GetTotalMemory(forceFullCollection: false));
        writer.WriteNumber("working_set_bytes", Environment.WorkingSet);
        writer.WriteEndObject();
    }

    /// <summary>The cached probe of an OpenAI-compatible client, or <see langword="null"/> for clients that cannot be probed.</summary>
    private async Task<ChatProviderHealth?> ProbeAsync(IChatClient client, CancellationToken cancellationToken)
    {
        if (client.GetService(typeof(OpenAICompatibleChatClient)) is not OpenAICompatibleChatClient compatible)
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        (DateTimeOffset At, Task<ChatProviderHealth> Probe) entry = _probes.AddOrUpdate(
            compatible,
            c => (now, c.CheckHealthAsync(CancellationToken.None)),
            (c, old) => now - old.At < options.HealthCacheDuration ? old : (now, c.CheckHealthAsync(CancellationToken.None)));
        try
        {
            return await entry.Probe.WaitAsync(ProbeTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new ChatProviderHealth(false, null, $"no answer to GET /models within {ProbeTimeout.TotalSeconds} s");
        }
    }
}

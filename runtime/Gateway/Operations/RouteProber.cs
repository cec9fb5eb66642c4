using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;

namespace ModelRegistry.Gateway;

/// <summary>
/// The background health checks (<see cref="GatewayOptions.ProbeInterval"/>, off by default): every interval, each
/// OpenAI-compatible route of every routed model, chat or embedding (<see cref="ServedRoutes"/>), gets a
/// <c>GET {endpoint}/models</c> with the route's own key (no tokens spent), bounded by <see cref="GatewayOptions.ProbeTimeout"/>. A route that fails it has its circuit opened, as a
/// failed call would, so user requests go elsewhere before one meets it dead; a route a probe found down is closed again
/// by the first probe it answers. A circuit opened by failed calls is left to its own cooldown: a route that lists its
/// models may still fail completions.
/// </summary>
internal sealed class RouteProber(ModelCatalog catalog, GatewayOptions options, TimeProvider time, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.RouteProber");

    // Keyed by the route's client (ServedRoutes.Clients): a route replaced by an overlay reload (and its result) is
    // collected with its catalog.
    private readonly ConditionalWeakTable<object, RouteProbeResult> _results = [];
    private readonly ConditionalWeakTable<object, object> _downByProbe = [];

    /// <summary>The last result of a route's background probe, or <see langword="null"/> when it has none yet.</summary>
    /// <param name="route">The route's client (<see cref="ServedRoutes.Clients"/>).</param>
    public RouteProbeResult? Find(object route) => _results.TryGetValue(route, out RouteProbeResult? result) ? result : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ProbeInterval is not { } interval)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                try
                {
                    await ProbeAllAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    GatewayLog.ProbeRoundFailed(_logger, exception.GetType().Name, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Probes every route of every routed model at once, each within the probe timeout.</summary>
    internal Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        var probes = new List<Task>();
        foreach (ServedModel model in catalog.Current.Models)
        {
            if (ServedRoutes.Of(model) is not { } routes)
            {
                continue;
            }

            for (int i = 0; i < routes.Probes.Count; i++)
            {
                if (routes.Probes[i] is { } probe)
                {
                    probes.Add(ProbeAsync(model.Id, routes, i, probe, cancellationToken));
                }
            }
        }

        return Task.WhenAll(probes);
    }

    private async Task ProbeAsync(string model, ServedRoutes routes, int index, ModelsProbe probe, CancellationToken cancellationToken)
    {
        ChatProviderHealth health;
        using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bound.CancelAfter(options.ProbeTimeout);
            try
            {
                health = await probe.CheckAsync(bound.Token).WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                health = new ChatProviderHealth(false, null, $"no answer to GET /models within {options.ProbeTimeout.TotalSeconds} s");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException)
            {
                health = new ChatProviderHealth(false, null, exception.Message);
            }
        }

        object route = routes.Clients[index];
        _results.AddOrUpdate(route, new RouteProbeResult(health.IsHealthy, time.GetUtcNow(), health));
        if (!health.IsHealthy)
        {
            _downByProbe.AddOrUpdate(route, route);
            if (routes.RecordProbeFailure(index))
            {
                GatewayLog.ProbeOpened(_logger, model, routes.Names[index], health.Detail ?? $"status {(int?)health.StatusCode}");
            }
        }
        else if (_downByProbe.Remove(route) && routes.RecordProbeSuccess(index))
        {
            GatewayLog.ProbeClosed(_logger, model, routes.Names[index]);
        }
    }
}

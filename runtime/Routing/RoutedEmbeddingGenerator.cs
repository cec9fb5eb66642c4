using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// An embedding model spread over its profile's <c>routes</c>, routed as <see cref="RoutedChatClient"/> routes chat (the
/// same <see cref="RouteAttemptExecutor{TClient}"/>): each call picks a route by weight among those available, and when
/// that route fails in a way another might not (a connection failure, 408/409/429/5xx, a refused key, an unreadable
/// answer, or no answer within the route's bound) moves to the next; failing routes cool down (circuit breaker with a
/// half-open probe, <c>Retry-After</c> pauses), each route's request and token limits hold (a call reserves its inputs'
/// estimate: an embedding has no output), a route's <c>api_keys</c> rotate on 429 and refused keys, and with a shared
/// store (<see cref="ChatModelSettings.RoutingState"/>) limits and circuits are shared with other processes. A request
/// the provider rejected (another 4xx) is not retried elsewhere. The answer's <see cref="RoutedCallInfo"/> names the
/// route that served it.
/// </summary>
/// <remarks>
/// A route's bound (<c>timeout_seconds</c>, the route client's timeout, else <see cref="RoutedChatClientOptions.AttemptTimeout"/>)
/// covers the whole call on that route, every batch of it.
/// </remarks>
internal sealed class RoutedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly RouteSet<IEmbeddingGenerator<string, Embedding<float>>> _routes;
    private readonly RouteAttemptExecutor<IEmbeddingGenerator<string, Embedding<float>>> _executor;
    private readonly ModelProfile? _profile;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="routes">The routes and their generators (they are disposed with this generator).</param>
    /// <param name="policy">Cooldown, queue, pause, clock and shared store; its <see cref="RoutedChatClientOptions.Routes"/> are not read.</param>
    /// <param name="logger">Where routing logs.</param>
    public RoutedEmbeddingGenerator(
        IReadOnlyList<(RouteDefinition Definition, IEmbeddingGenerator<string, Embedding<float>> Client)> routes, RoutedChatClientOptions policy, ILogger logger)
    {
        string model = policy.ModelId ?? policy.Profile?.Model ?? "routed embedding model";
        _profile = policy.Profile;
        _routes = new RouteSet<IEmbeddingGenerator<string, Embedding<float>>>(routes, policy, model);
        _executor = new RouteAttemptExecutor<IEmbeddingGenerator<string, Embedding<float>>>(_routes, policy, model, "embeddings", logger);
        _metadata = new EmbeddingGeneratorMetadata("modelregistry-router", null, model, _profile?.Dimensions);
    }

    /// <summary>The route names, in profile order.</summary>
    public IEnumerable<string> RouteNames => _routes.States.Select(r => r.Route.Name);

    /// <summary>The live state of every route: circuit, failures, cooldown or pause.</summary>
    public IReadOnlyList<RouteStatus> GetRouteStatuses() => _routes.GetStatuses();

    /// <summary>Reads every route's shared circuit into its status (see <see cref="RouteSet{TClient}.RefreshSharedStateAsync"/>).</summary>
    public ValueTask RefreshSharedStateAsync(CancellationToken cancellationToken) => _routes.RefreshSharedStateAsync(cancellationToken);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        // A list: each route may be sent the same inputs.
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? values.ToList();
        RouteAttempt<GeneratedEmbeddings<Embedding<float>>> attempt = await _executor.RunAsync(
            EmbeddingRouteCall.Instance, new EmbeddingRouteRequest(inputs, options), EstimateInput(inputs), cancellationToken).ConfigureAwait(false);
        using (attempt)
        {
            GeneratedEmbeddings<Embedding<float>> result = attempt.Value;
            RouteDefinition route = attempt.Route.Route;
            RoutedCallInfo? served = result.GetRoutedCallInfo();
            var info = new RoutedCallInfo(route.Name, served?.UsageEstimated ?? false, served?.Cost ?? CallPricing.Compute(route.Pricing ?? _profile?.Pricing, result.Usage));
            info.WriteTo(result.AdditionalProperties ??= []);
            if (result.Usage is { } usage)
            {
                attempt.Lease.Reconcile(usage.TotalTokenCount ?? usage.InputTokenCount ?? 0);
                if (AttemptTelemetry.WantsUsage(attempt.Activity))
                {
                    AttemptTelemetry.Accounted(attempt.Route, usage, info, attempt.Activity);
                }
            }

            return result;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(ModelProfile) ? _profile
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _routes.Dispose();

    /// <summary>The tokens a rate-limited route reserves for the call (the inputs' estimate, as batches are split by);
    /// not computed when no route is limited.</summary>
    private long EstimateInput(IReadOnlyList<string> inputs)
    {
        if (!_routes.AnyLimited)
        {
            return 0;
        }

        long tokens = 0;
        foreach (string input in inputs)
        {
            tokens += EmbeddingBatches.Estimate(input);
        }

        return tokens;
    }
}

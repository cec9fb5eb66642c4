using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// An embedding model spread over its profile's <c>routes</c>: each call picks its first route at random by weight, and
/// when that route fails in a way another might not (a connection failure, a timeout, 408/409/429/5xx, a refused key, an
/// unreadable answer) tries the others, in weighted order, before giving up. A request the provider rejected (another
/// 4xx) is not retried elsewhere. The answer's <see cref="RoutedCallInfo"/> names the route that served it.
/// </summary>
/// <remarks>
/// The straightforward part of chat routing: no cooldown circuits, per-route rate limits, key rotation or shared state
/// across processes (<see cref="RoutedChatClient"/> has them).
/// </remarks>
internal sealed class RoutedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IReadOnlyList<(string Name, double Weight, IEmbeddingGenerator<string, Embedding<float>> Generator)> _routes;
    private readonly string _model;
    private readonly ModelProfile _profile;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ILogger _logger;

    public RoutedEmbeddingGenerator(
        IReadOnlyList<(string Name, double Weight, IEmbeddingGenerator<string, Embedding<float>> Generator)> routes,
        string model, ModelProfile profile, ILogger logger)
    {
        _routes = routes;
        _model = model;
        _profile = profile;
        _logger = logger;
        _metadata = new EmbeddingGeneratorMetadata("modelregistry-router", null, model, profile.Dimensions);
    }

    /// <summary>The route names, in profile order.</summary>
    public IEnumerable<string> RouteNames => _routes.Select(r => r.Name);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? values.ToList();
        List<Exception>? failures = null;
        foreach (int index in Order())
        {
            (string name, _, IEmbeddingGenerator<string, Embedding<float>> generator) = _routes[index];
            RoutingLog.RouteChosen(_logger, _model, name);
            try
            {
                GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
                RoutedCallInfo? info = result.GetRoutedCallInfo();
                new RoutedCallInfo(name, info?.UsageEstimated ?? false, info?.Cost ?? CallPricing.Compute(_profile.Pricing, result.Usage))
                    .WriteTo(result.AdditionalProperties ??= []);
                return result;
            }
            catch (Exception exception) when (UpstreamFailure.IsRouteFailure(exception, cancellationToken))
            {
                RoutingLog.FallingBack(_logger, _model, name, exception.Message);
                (failures ??= []).Add(exception);
            }
        }

        throw new NoRouteAvailableException(
            $"Every route of {_model} failed: {string.Join("; ", failures!.Select(f => f.Message))}", retryAfter: null,
            failures!.Count == 1 ? failures[0] : new AggregateException(failures));
    }

    /// <summary>The routes in the order of this call: drawn one after another at random by weight, without replacement
    /// (routes of weight 0 last, in profile order).</summary>
    private int[] Order()
    {
        var left = Enumerable.Range(0, _routes.Count).ToList();
        var order = new int[_routes.Count];
        for (int n = 0; n < order.Length; n++)
        {
            double total = left.Sum(i => Math.Max(0, _routes[i].Weight));
            int pick = 0;
            if (total > 0)
            {
                double draw = Random.Shared.NextDouble() * total;
                for (pick = 0; pick < left.Count - 1; pick++)
                {
                    draw -= Math.Max(0, _routes[left[pick]].Weight);
                    if (draw < 0)
                    {
                        break;
                    }
                }
            }

            order[n] = left[pick];
            left.RemoveAt(pick);
        }

        return order;
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

    public void Dispose()
    {
        foreach ((_, _, IEmbeddingGenerator<string, Embedding<float>> generator) in _routes)
        {
            generator.Dispose();
        }
    }
}

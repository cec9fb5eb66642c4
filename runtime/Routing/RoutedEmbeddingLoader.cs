using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>Builds the route generator of a routed embedding model: the named provider's own generator for the route's model.</summary>
internal delegate IEmbeddingGenerator<string, Embedding<float>> EmbeddingRouteFactory(string provider, string model, ChatModelSettings? settings);

/// <summary>
/// Turns a routed embedding model's compiled profile (plus the routing overlay and <c>OFFLOAD</c>) into a
/// <see cref="RoutedEmbeddingGenerator"/> over the routes <see cref="ProfileRouteBuilder"/> builds, as
/// <see cref="RoutedModelLoader"/> does for chat: the same limits, timeouts, keys, cooldowns and shared state.
/// </summary>
internal static class RoutedEmbeddingLoader
{
    public static IEmbeddingGenerator<string, Embedding<float>> Load(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, EmbeddingRouteFactory createRoute)
    {
        ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedEmbeddingGenerator>() ?? NullLogger<RoutedEmbeddingGenerator>.Instance;
        (List<(RouteDefinition Definition, IEmbeddingGenerator<string, Embedding<float>> Client)> routes, RoutedChatClientOptions policy) =
            ProfileRouteBuilder.Build(provider, profile, settings, new EmbeddingRouteClients(createRoute), logger);
        return new RoutedEmbeddingGenerator(routes, policy, logger);
    }
}

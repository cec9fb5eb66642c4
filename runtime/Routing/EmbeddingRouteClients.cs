using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>The generators of a routed embedding model's routes (<see cref="RoutedEmbeddingLoader"/>).</summary>
internal sealed class EmbeddingRouteClients(EmbeddingRouteFactory createRoute) : IRouteClients<IEmbeddingGenerator<string, Embedding<float>>>
{
    public bool HasContextWindow => false;

    public IEmbeddingGenerator<string, Embedding<float>> FromProvider(string provider, string model, ChatModelSettings settings) =>
        createRoute(provider, model, settings);

    public IEmbeddingGenerator<string, Embedding<float>> FromEndpoint(ChatModelConfiguration configuration) =>
        new OpenAICompatibleEmbeddingGenerator(configuration);

    public IEmbeddingGenerator<string, Embedding<float>> RotateKeys(
        IEmbeddingGenerator<string, Embedding<float>>[] clients, string model, string route, ILogger logger) =>
        new KeyRotatingEmbeddingGenerator(clients, model, route, logger);

    public Uri? Endpoint(IEmbeddingGenerator<string, Embedding<float>> client) =>
        (client.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata)?.ProviderUri;

    public ModelProfile? Profile(IEmbeddingGenerator<string, Embedding<float>> client) => client.GetService(typeof(ModelProfile)) as ModelProfile;

    public TimeSpan? Timeout(IEmbeddingGenerator<string, Embedding<float>> client) =>
        (client.GetService(typeof(OpenAICompatibleEmbeddingGenerator)) as OpenAICompatibleEmbeddingGenerator)?.Configuration.Timeout;
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of one embedding model
/// (<c>[FromKeyedServices("openai:text-embedding-3-small")]</c>): a singleton that loads the model again with the new
/// settings after the configuration changes, as <see cref="ConfiguredChatClient"/> does for chat.
/// </summary>
internal sealed class ConfiguredEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConfiguredModel<IEmbeddingGenerator<string, Embedding<float>>> _model;

    public ConfiguredEmbeddingGenerator(HostedModelRegistry registry, string model) =>
        _model = new ConfiguredModel<IEmbeddingGenerator<string, Embedding<float>>>(registry, hosted => hosted.LoadEmbeddingModel(model));

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _model.Current.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _model.Current.GetService(serviceType, serviceKey);
    }

    public void Dispose() => _model.Dispose();
}

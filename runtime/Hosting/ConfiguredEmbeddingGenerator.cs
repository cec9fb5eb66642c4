using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of one embedding model
/// (<c>[FromKeyedServices("openai:text-embedding-3-small")]</c>): a singleton that loads the model again with the new
/// settings after the configuration changes, as <see cref="ConfiguredChatClient"/> does for chat.
/// </summary>
internal sealed class ConfiguredEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HostedModelRegistry _registry;
    private readonly string _model;
    private Loaded _current;

    public ConfiguredEmbeddingGenerator(HostedModelRegistry registry, string model)
    {
        _registry = registry;
        _model = model;
        // Loaded now, so that a bad setting fails where the generator is resolved rather than at its first call.
        _current = Load();
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : Current.GetService(serviceType, serviceKey);
    }

    public void Dispose() => Volatile.Read(ref _current).Generator.Dispose();

    private IEmbeddingGenerator<string, Embedding<float>> Current
    {
        get
        {
            Loaded current = Volatile.Read(ref _current);
            if (current.Generation != _registry.Generation)
            {
                current = Load();
                Volatile.Write(ref _current, current);
            }

            return current.Generator;
        }
    }

    private Loaded Load()
    {
        int generation = _registry.Generation;
        return new Loaded(generation, _registry.LoadEmbeddingModel(_model));
    }

    private sealed record Loaded(int Generation, IEmbeddingGenerator<string, Embedding<float>> Generator);
}

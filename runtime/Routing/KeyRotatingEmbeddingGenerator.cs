using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// The generator of an embedding route with several keys (<c>api_keys</c>): one inner generator per key, the same
/// endpoint and model, rotated by <see cref="KeyRotation"/> on 429 and refused keys.
/// </summary>
internal sealed class KeyRotatingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IEmbeddingGenerator<string, Embedding<float>>[] _generators;
    private readonly KeyRotation _rotation;

    public KeyRotatingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>>[] generators, string model, string route, ILogger logger)
    {
        _rotation = new KeyRotation(generators.Length, model, route, logger);
        _generators = generators;
    }

    /// <summary>The position (0-based) of the key the next call uses.</summary>
    public int CurrentKey => _rotation.CurrentKey;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        // A list: every key may be sent the same inputs.
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? values.ToList();
        return _rotation.SendAsync(_generators, (inputs, options),
            static (generator, call, token) => generator.GenerateAsync(call.inputs, call.options, token), cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _generators[CurrentKey].GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        foreach (IEmbeddingGenerator<string, Embedding<float>> generator in _generators)
        {
            generator.Dispose();
        }
    }
}

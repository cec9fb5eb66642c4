namespace ModelRegistry;

/// <summary>
/// One model of the host's registry as it stands under the current configuration, for the keyed singletons
/// (<see cref="ConfiguredChatClient"/>, <see cref="ConfiguredEmbeddingGenerator"/>): loaded at once, so that a bad setting
/// fails where the service is resolved rather than at its first call, and loaded again on the first call after the
/// options change (the registry's <see cref="HostedModelRegistry.Generation"/> moved on). A call already under way
/// finishes on what it started with.
/// </summary>
/// <typeparam name="T">The loaded client or generator.</typeparam>
internal sealed class ConfiguredModel<T> where T : IDisposable
{
    private readonly HostedModelRegistry _registry;
    private readonly Func<HostedModelRegistry, T> _load;
    private Loaded _current;

    public ConfiguredModel(HostedModelRegistry registry, Func<HostedModelRegistry, T> load)
    {
        _registry = registry;
        _load = load;
        _current = Load();
    }

    /// <summary>The model under the current configuration.</summary>
    public T Current
    {
        get
        {
            Loaded current = Volatile.Read(ref _current);
            if (current.Generation != _registry.Generation)
            {
                current = Load();
                Volatile.Write(ref _current, current);
            }

            return current.Value;
        }
    }

    /// <summary>Disposes the current model. Those it replaced are left to the collector: a call may still be using one,
    /// and none holds a connection of its own (their HttpClient comes from IHttpClientFactory).</summary>
    public void Dispose() => Volatile.Read(ref _current).Value.Dispose();

    private Loaded Load()
    {
        // The generation is read first: a change during the load makes the next call load again.
        int generation = _registry.Generation;
        return new Loaded(generation, _load(_registry));
    }

    private sealed record Loaded(int Generation, T Value);
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The keyed <see cref="IChatClient"/> of one model (<c>[FromKeyedServices("vllm:qwen3-4b")]</c>): a singleton that
/// follows the configuration. When the options change, the next call loads the model again with the new settings; a
/// call already under way finishes on the client it started with.
/// </summary>
internal sealed class ConfiguredChatClient : IChatClient
{
    private readonly HostedModelRegistry _registry;
    private readonly string _model;
    private Loaded _current;

    public ConfiguredChatClient(HostedModelRegistry registry, string model)
    {
        _registry = registry;
        _model = model;
        // Loaded now, so that a bad setting fails where the client is resolved rather than at its first call.
        _current = Load();
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : Current.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes the current client. Clients it replaced are left to the collector: a call may still be using one,
    /// and none holds a connection of its own (their HttpClient comes from IHttpClientFactory).</summary>
    public void Dispose() => Volatile.Read(ref _current).Client.Dispose();

    private IChatClient Current
    {
        get
        {
            Loaded current = Volatile.Read(ref _current);
            if (current.Generation != _registry.Generation)
            {
                current = Load();
                Volatile.Write(ref _current, current);
            }

            return current.Client;
        }
    }

    private Loaded Load()
    {
        // The generation is read first: a change during the load makes the next call load again.
        int generation = _registry.Generation;
        return new Loaded(generation, _registry.LoadChatModel(_model));
    }

    private sealed record Loaded(int Generation, IChatClient Client);
}

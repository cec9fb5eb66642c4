using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The keyed <see cref="IChatClient"/> of one model (<c>[FromKeyedServices("vllm:qwen3-4b")]</c>): a singleton that
/// follows the configuration. When the options change, the next call loads the model again with the new settings; a
/// call already under way finishes on the client it started with.
/// </summary>
internal sealed class ConfiguredChatClient : IChatClient
{
    private readonly ConfiguredModel<IChatClient> _model;

    public ConfiguredChatClient(HostedModelRegistry registry, string model) =>
        _model = new ConfiguredModel<IChatClient>(registry, hosted => hosted.LoadChatModel(model));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _model.Current.GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _model.Current.GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _model.Current.GetService(serviceType, serviceKey);
    }

    public void Dispose() => _model.Dispose();
}

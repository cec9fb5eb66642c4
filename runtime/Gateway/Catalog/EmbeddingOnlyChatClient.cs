using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The chat client of a served embedding model: it owns the model's generator (so that disposing the catalog's clients
/// disposes it) and refuses every chat call. The chat endpoint turns such a call away before it gets here; this keeps
/// any other caller from sending a chat request to an <c>/embeddings</c> model.
/// </summary>
internal sealed class EmbeddingOnlyChatClient(string model, IEmbeddingGenerator<string, Embedding<float>> generator) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Refusal();

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Refusal();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ModelProfile) ? generator.GetService(serviceType) : null;

    public void Dispose() => generator.Dispose();

    private NotSupportedException Refusal() =>
        new($"'{model}' is an embedding model: send it to /v1/embeddings.");
}

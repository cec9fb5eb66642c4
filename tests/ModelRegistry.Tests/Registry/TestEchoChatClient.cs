using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Registry;

/// <summary>A case-1 client: the generated code constructs it by parameter names and wraps it.</summary>
internal sealed class TestEchoChatClient : IChatClient
{
    public TestEchoChatClient(string model, Uri? endpoint, string? apiKey, ChatModelSettings? settings, ModelProfile? profile)
    {
        Model = model;
        Endpoint = endpoint;
        ApiKey = apiKey;
        Settings = settings;
        Profile = profile;
    }

    public string Model { get; }

    public Uri? Endpoint { get; }

    public string? ApiKey { get; }

    public ChatModelSettings? Settings { get; }

    public ModelProfile? Profile { get; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"{Model} heard: {messages.LastOrDefault()?.Text}")));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

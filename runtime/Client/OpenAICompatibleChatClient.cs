using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The library's <see cref="IChatClient"/> for OpenAI-compatible servers, speaking each provider's dialect
/// as its <see cref="CompatibilityOptions"/> describe.
/// </summary>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly ChatModelConfiguration _configuration;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client for a resolved configuration.</summary>
    public OpenAICompatibleChatClient(ChatModelConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Endpoint is null)
        {
            throw new ArgumentException($"The configuration of '{configuration.Provider.Name}' has no endpoint.", nameof(configuration));
        }

        _configuration = configuration;
        _metadata = new ChatClientMetadata(configuration.Provider.Name, configuration.Endpoint, configuration.RequestModel);
    }

    /// <summary>The resolved configuration this client sends with.</summary>
    internal ChatModelConfiguration Configuration => _configuration;

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("SKELETON: the wire protocol lands with the client issue.");

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("SKELETON: the wire protocol lands with the client issue.");

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ModelProfile))
        {
            return _configuration.Profile;
        }

        if (serviceType == typeof(ProviderInfo))
        {
            return _configuration.Provider;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The HttpClient is shared or the caller's: nothing of ours to release.
    }
}

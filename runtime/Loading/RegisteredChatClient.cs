using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Wraps a user-supplied <see cref="IChatClient"/> so every registered model answers the same services — its
/// <see cref="ModelProfile"/>, its <see cref="ProviderInfo"/> and <see cref="ChatClientMetadata"/> — and meets the same
/// compatibility rules, with the same warnings on its responses (<see cref="CaseOneRequestRules"/>).
/// </summary>
internal sealed class RegisteredChatClient : DelegatingChatClient
{
    private readonly ChatModelConfiguration _configuration;
    private readonly ChatClientMetadata _metadata;
    private readonly OnceLogger _log;

    public RegisteredChatClient(IChatClient innerClient, ChatModelConfiguration configuration)
        : base(innerClient)
    {
        _configuration = configuration;
        _metadata = new ChatClientMetadata(configuration.ProviderDisplayName, configuration.Endpoint, configuration.RequestModel);
        _log = new OnceLogger(configuration.Settings?.LoggerFactory, configuration.Provider.Name, configuration.Model);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatOptions? applied = CaseOneRequestRules.Apply(_configuration, options, _log, out System.Text.Json.JsonElement? warnings);
        ChatResponse response = await base.GetResponseAsync(messages, applied, cancellationToken).ConfigureAwait(false);
        return ChatWarnings.Attach(response, warnings);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatOptions? applied = CaseOneRequestRules.Apply(_configuration, options, _log, out System.Text.Json.JsonElement? warnings);
        bool first = true;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, applied, cancellationToken).ConfigureAwait(false))
        {
            yield return first ? ChatWarnings.Attach(update, warnings) : update;
            first = false;
        }
    }

    /// <summary>What the model was loaded with (routing reads its timeout).</summary>
    public ChatModelConfiguration Configuration => _configuration;

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (RegisteredServices.TryGet(_configuration, _metadata, serviceType, serviceKey, out object? service))
        {
            return service;
        }

        return base.GetService(serviceType, serviceKey);
    }
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Wraps a user-supplied <see cref="IChatClient"/> so every registered model answers the same services — its
/// <see cref="ModelProfile"/>, its <see cref="ProviderInfo"/> and <see cref="ChatClientMetadata"/> — and meets the same
/// compatibility rules, with the same warnings on its responses (<see cref="CaseOneRequestRules"/>), and fails with the
/// same errors: the client's own exceptions become <see cref="ChatProviderException"/>s (<see cref="CaseOneFailure"/>).
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
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, applied, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (CaseOneFailure.Translates(exception, cancellationToken))
        {
            throw CaseOneFailure.Translate(_configuration, exception);
        }

        return ChatWarnings.Attach(response, warnings);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatOptions? applied = CaseOneRequestRules.Apply(_configuration, options, _log, out System.Text.Json.JsonElement? warnings);
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, applied, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception) when (CaseOneFailure.Translates(exception, cancellationToken))
        {
            throw CaseOneFailure.Translate(_configuration, exception);
        }

        await using (updates.ConfigureAwait(false))
        {
            bool first = true;
            while (true)
            {
                // A stream fails where it is read (the request is sent on the first MoveNextAsync): every step is translated,
                // and yield cannot stand inside a try with a catch.
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (CaseOneFailure.Translates(exception, cancellationToken))
                {
                    throw CaseOneFailure.Translate(_configuration, exception);
                }

                yield return first ? ChatWarnings.Attach(updates.Current, warnings) : updates.Current;
                first = false;
            }
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

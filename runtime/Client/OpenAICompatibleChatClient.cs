using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;

namespace ModelRegistry;

/// <summary>
/// The library's <see cref="IChatClient"/> for OpenAI-compatible servers, speaking each provider's dialect
/// as its <see cref="CompatibilityOptions"/> describe: which <c>tool_choice</c> and <c>response_format</c> values it
/// accepts, where reasoning comes from and what goes back in history, which field carries the token limit.
/// </summary>
/// <remarks>
/// Requests go to <c>{endpoint}/chat/completions</c>, or <c>{endpoint}/responses</c> when
/// <see cref="ChatModelSettings.UseResponsesApi"/> is set. Every client shares one connection pool unless the
/// settings pass an <see cref="HttpClient"/>; <see cref="Dispose"/> never disposes an <see cref="HttpClient"/>.
/// Failures throw <see cref="ChatProviderException"/>; transient ones (408, 409, 429, 5xx, connection failures)
/// are retried first, honouring <c>Retry-After</c>, but never once a stream has produced an update. What the
/// compatibility rules change about a call (a <c>tool_choice</c> replaced, a parameter dropped, <c>max_tokens</c>
/// clamped) comes back with it as <see cref="ChatWarning"/>s: <see cref="ChatWarningExtensions.GetWarnings(ChatResponse)"/>.
/// </remarks>
public sealed partial class OpenAICompatibleChatClient : IChatClient
{
    private readonly ChatModelConfiguration _configuration;
    private readonly ChatClientMetadata _metadata;
    private readonly ProviderTransport _transport;
    private readonly OnceLogger _log;
    private readonly IChatWireFormat _wireFormat;
    private ResolvedRequest? _requestWithoutOptions;

    /// <summary>Creates a client for a resolved configuration.</summary>
    public OpenAICompatibleChatClient(ChatModelConfiguration configuration)
        : this(configuration, RetryTiming.Default)
    {
    }

    internal OpenAICompatibleChatClient(ChatModelConfiguration configuration, RetryTiming retryTiming)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Endpoint is null)
        {
            throw new ArgumentException($"The configuration of '{configuration.Provider.Name}' has no endpoint.", nameof(configuration));
        }

        _configuration = configuration;
        _metadata = new ChatClientMetadata(configuration.ProviderDisplayName, configuration.Endpoint, configuration.RequestModel);
        _log = new OnceLogger(configuration.Settings?.LoggerFactory, configuration.Provider.Name, configuration.Model);
        _transport = new ProviderTransport(configuration, configuration.Settings?.HttpClient ?? SharedHttpClient.Instance, _log, retryTiming);
        _wireFormat = IChatWireFormat.For(configuration);
    }

    /// <summary>The resolved configuration this client sends with.</summary>
    internal ChatModelConfiguration Configuration => _configuration;

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        ResolvedRequest request = Resolve(options);
        PooledBufferWriter requestBody = _wireFormat.WriteRequest(history, options, request, stream: false, _log);
        ProviderAnswer answer = await _transport.SendAsync(HttpMethod.Post, _wireFormat.Path, requestBody.WrittenMemory, cancellationToken).ConfigureAwait(false);

        // Every attempt is over and the answer read to its end: nothing reads the request buffer any more.
        requestBody.Return();
        try
        {
            ChatResponse response = _wireFormat.ReadResponse(answer.BodyMemory, request, answer.RequestId);
            return ChatWarnings.Attach(response, request.Warnings);
        }
        catch (JsonException exception)
        {
            throw NotTheExpectedJson(exception, answer.RequestId);
        }
        finally
        {
            answer.Release();
        }
    }

    /// <summary>The call's parameters after the compatibility rules. Without options they depend on the configuration
    /// alone, so they are resolved once per client (any warning is logged once per client anyway).</summary>
    private ResolvedRequest Resolve(ChatOptions? options) =>
        options is null
            ? _requestWithoutOptions ??= RequestResolver.Resolve(_configuration, null, _log)
            : RequestResolver.Resolve(_configuration, options, _log);

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        ResolvedRequest request = Resolve(options);
        PooledBufferWriter body = _wireFormat.WriteRequest(history, options, request, stream: true, _log);

        // The request buffer goes back to the pool only once the whole answer was read; a stream abandoned or
        // broken leaves it to the garbage collector.
        using HttpResponseMessage response = await _transport.SendStreamingAsync(_wireFormat.Path, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        string? requestId = ProviderError.ReadRequestId(response.Headers);
        Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_wireFormat.ReadsJsonBodyOfStreamedCall && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // Some servers and proxies ignore "stream": true and answer with one JSON body (or an error object in one).
            ChatResponse single = await ReadWholeAnswerAsync(response, content, request, requestId, cancellationToken).ConfigureAwait(false);
            body.Return();
            bool firstOfBody = true;
            foreach (ChatResponseUpdate update in single.ToChatResponseUpdates())
            {
                yield return firstOfBody ? ChatWarnings.Attach(update, request.Warnings) : update;
                firstOfBody = false;
            }

            yield break;
        }

        // The idle limit and the event size limit are enforced as the bytes are read, below the SSE parser.
        var stream = new GuardedAnswerStream(content, _configuration, requestId, AnswerLimits.MaxResponseBytes(_configuration), cancellationToken);
        await using (stream.ConfigureAwait(false))
        {
            IAsyncEnumerable<ChatResponseUpdate> updates = _wireFormat.ReadStream(stream, request, requestId, cancellationToken);
            // The call's warnings ride on the first update, so a caller sees them before the answer.
            bool first = true;
            await foreach (ChatResponseUpdate update in updates.ConfigureAwait(false))
            {
                yield return first ? ChatWarnings.Attach(update, request.Warnings) : update;
                first = false;
            }
        }

        body.Return();
    }

    /// <summary>The one JSON body a server sent for a streamed call, read within the same idle and size limits as a stream
    /// (the size limit is the body's, not an event's).</summary>
    private async Task<ChatResponse> ReadWholeAnswerAsync(
        HttpResponseMessage response, Stream content, ResolvedRequest request, string? requestId, CancellationToken cancellationToken)
    {
        var guarded = new GuardedAnswerStream(content, _configuration, requestId, long.MaxValue, cancellationToken);
        await using (guarded.ConfigureAwait(false))
        {
            PooledBufferWriter whole = await ProviderTransport.ReadBodyAsync(
                guarded, ProviderTransport.DeclaredLength(response.Content.Headers), _configuration, requestId, cancellationToken).ConfigureAwait(false);
            try
            {
                return _wireFormat.ReadResponse(whole.WrittenMemory, request, requestId);
            }
            catch (JsonException exception)
            {
                throw NotTheExpectedJson(exception, requestId);
            }
            finally
            {
                whole.Return();
            }
        }
    }

    /// <summary>
    /// The model ids the provider serves (<c>GET {endpoint}/models</c>). Only when the server has no such endpoint
    /// (404) does it fall back to the models the provider's profiles list; an authentication error or an unreachable
    /// server throws <see cref="ChatProviderException"/> rather than hiding behind a stale list.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            ProviderAnswer answer = await _transport.SendAsync(HttpMethod.Get, ProviderTransport.ModelsPath, body: null, cancellationToken).ConfigureAwait(false);
            try
            {
                return ModelListReader.Read(answer.Body);
            }
            catch (JsonException exception)
            {
                throw NotTheExpectedJson(exception, answer.RequestId);
            }
            finally
            {
                answer.Release();
            }
        }
        catch (ChatProviderException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            ClientLog.ModelsEndpointMissing(_log.Logger, _configuration.Provider.Name);
            return _configuration.Provider.Models.IsDefault ? [] : _configuration.Provider.Models;
        }
    }

    /// <summary>
    /// Checks that the provider answers and accepts the key without spending tokens: one <c>GET {endpoint}/models</c>,
    /// not retried. A server without that endpoint (404) still counts as reachable.
    /// </summary>
    public Task<ChatProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ProviderHealthCheck.CheckAsync(_transport, cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (RegisteredServices.TryGet(_configuration, _metadata, serviceType, serviceKey, out object? service))
        {
            return service;
        }

        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The HttpClient is shared or the caller's and stays open; only the transport's idle timeout source is ours.
        _transport.ReleaseIdleTimeout();
    }

    private ChatProviderException NotTheExpectedJson(JsonException exception, string? requestId) =>
        new($"{_configuration.Provider.Name} answered model '{_configuration.RequestModel}' with a body that is not the expected JSON.",
            _configuration.Provider.Name, HttpStatusCode.OK, requestId: requestId, innerException: exception);
}

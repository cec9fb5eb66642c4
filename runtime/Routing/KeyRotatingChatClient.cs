using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// The client of a route with several keys (<c>api_keys</c>): one inner client per key, the same endpoint and model.
/// A call goes out with the current key; when the upstream answers 429 or refuses the key (401/403) before any content,
/// the route rotates to the next key and sends the call again, each key at most once per call. Only when every key
/// failed does the failure reach the routing loop, which then moves the call to the next route. The current key stays
/// current for later calls (a key that was rate limited is tried again only once the others were).
/// </summary>
/// <remarks>Keys are never logged or shown: logs and <c>/health</c> name a key by its position (#1, #2, ...).</remarks>
internal sealed class KeyRotatingChatClient : IChatClient
{
    private readonly IChatClient[] _clients;
    private readonly string _model;
    private readonly string _route;
    private readonly ILogger _logger;
    private int _current;

    public KeyRotatingChatClient(IChatClient[] clients, string model, string route, ILogger logger)
    {
        if (clients.Length < 2)
        {
            throw new ArgumentException("Key rotation needs at least two keys.", nameof(clients));
        }

        _clients = clients;
        _model = model;
        _route = route;
        _logger = logger;
    }

    /// <summary>How many keys the route rotates over.</summary>
    public int KeyCount => _clients.Length;

    /// <summary>The position (0-based) of the key the next call uses.</summary>
    public int CurrentKey => Volatile.Read(ref _current);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int start = CurrentKey;
        for (int tried = 0; ; tried++)
        {
            int key = (start + tried) % _clients.Length;
            try
            {
                return await _clients[key].GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatProviderException exception) when (tried < _clients.Length - 1 && Rotates(exception, cancellationToken))
            {
                Rotate(key, exception);
            }
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int start = CurrentKey;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        bool hasFirst = false;
        for (int tried = 0; stream is null; tried++)
        {
            int key = (start + tried) % _clients.Length;
            IAsyncEnumerator<ChatResponseUpdate> candidate = _clients[key].GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                // The status of the answer arrives before its first update: a refusal or a 429 fails this first read.
                hasFirst = await candidate.MoveNextAsync().ConfigureAwait(false);
                stream = candidate;
            }
            catch (ChatProviderException exception) when (tried < _clients.Length - 1 && Rotates(exception, cancellationToken))
            {
                await candidate.DisposeAsync().ConfigureAwait(false);
                Rotate(key, exception);
            }
            catch
            {
                await candidate.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        await using (stream)
        {
            bool more = hasFirst;
            while (more)
            {
                yield return stream.Current;
                more = await stream.MoveNextAsync().ConfigureAwait(false);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _clients[CurrentKey].GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        foreach (IChatClient client in _clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Whether another key of the same route may succeed: the upstream limited this key or refused it.</summary>
    private static bool Rotates(ChatProviderException exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        (exception.StatusCode is HttpStatusCode.TooManyRequests || UpstreamFailure.IsCredentialRefusal(exception.StatusCode));

    private void Rotate(int failedKey, ChatProviderException exception)
    {
        int next = (failedKey + 1) % _clients.Length;
        // Only the call that saw the current key fail moves it: a concurrent call may have rotated already.
        Interlocked.CompareExchange(ref _current, next, failedKey);
        RoutingLog.KeyRotated(_logger, _model, _route, (int)exception.StatusCode!.Value, failedKey + 1, _clients.Length, next + 1);
    }
}

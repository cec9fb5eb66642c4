using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// The client of a route with several keys (<c>api_keys</c>): one inner client per key, the same endpoint and model,
/// rotated by <see cref="KeyRotation"/> on 429 and refused keys. A stream rotates only before its first update (the
/// answer's status arrives before it).
/// </summary>
internal sealed class KeyRotatingChatClient : IChatClient
{
    private readonly IChatClient[] _clients;
    private readonly KeyRotation _rotation;

    public KeyRotatingChatClient(IChatClient[] clients, string model, string route, ILogger logger)
    {
        _rotation = new KeyRotation(clients.Length, model, route, logger);
        _clients = clients;
    }

    /// <summary>How many keys the route rotates over.</summary>
    public int KeyCount => _rotation.KeyCount;

    /// <summary>The position (0-based) of the key the next call uses.</summary>
    public int CurrentKey => _rotation.CurrentKey;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _rotation.SendAsync(_clients, (messages, options), static (client, call, token) => client.GetResponseAsync(call.messages, call.options, token), cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int start = CurrentKey;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        bool hasFirst = false;
        for (int tried = 0; stream is null; tried++)
        {
            int key = _rotation.KeyOf(start, tried);
            IAsyncEnumerator<ChatResponseUpdate> candidate = _clients[key].GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                // The status of the answer arrives before its first update: a refusal or a 429 fails this first read.
                hasFirst = await candidate.MoveNextAsync().ConfigureAwait(false);
                stream = candidate;
            }
            catch (ChatProviderException exception) when (_rotation.Rotates(tried, exception, cancellationToken))
            {
                await candidate.DisposeAsync().ConfigureAwait(false);
                _rotation.Rotated(key, exception);
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
}

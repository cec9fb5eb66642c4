using System.Net;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// The key rotation of a route with several keys (<c>api_keys</c>), whatever its clients serve: a call goes out with
/// the current key; when the upstream answers 429 or refuses the key (401/403), the call is sent again with the next
/// key, each key at most once per call. Only when every key failed does the failure reach the routing loop, which then
/// moves the call to the next route. The key that served stays current for later calls (a key that was rate limited
/// is tried again only once the others were).
/// </summary>
/// <remarks>Keys are never logged or shown: logs and <c>/health</c> name a key by its position (#1, #2, ...).</remarks>
internal sealed class KeyRotation
{
    private readonly int _keys;
    private readonly string _model;
    private readonly string _route;
    private readonly ILogger _logger;
    private int _current;

    public KeyRotation(int keys, string model, string route, ILogger logger)
    {
        if (keys < 2)
        {
            throw new ArgumentException("Key rotation needs at least two keys.", nameof(keys));
        }

        _keys = keys;
        _model = model;
        _route = route;
        _logger = logger;
    }

    /// <summary>How many keys the route rotates over.</summary>
    public int KeyCount => _keys;

    /// <summary>The position (0-based) of the key the next call uses.</summary>
    public int CurrentKey => Volatile.Read(ref _current);

    /// <summary>The key of try <paramref name="tried"/> (0 for the first) of a call that began with key <paramref name="start"/>.</summary>
    public int KeyOf(int start, int tried) => (start + tried) % _keys;

    /// <summary>Sends a whole call with the current key, then the next ones while the upstream limits or refuses them.</summary>
    public async Task<T> SendAsync<TClient, TRequest, T>(
        TClient[] clients, TRequest request, Func<TClient, TRequest, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        int start = CurrentKey;
        for (int tried = 0; ; tried++)
        {
            int key = KeyOf(start, tried);
            try
            {
                return await send(clients[key], request, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatProviderException exception) when (Rotates(tried, exception, cancellationToken))
            {
                Rotated(key, exception);
            }
        }
    }

    /// <summary>Whether try <paramref name="tried"/> failed in a way another key of the same route may not: the upstream
    /// limited this key or refused it, and a key is left that this call has not tried.</summary>
    public bool Rotates(int tried, ChatProviderException exception, CancellationToken cancellationToken) =>
        tried < _keys - 1 && !cancellationToken.IsCancellationRequested &&
        (exception.StatusCode is HttpStatusCode.TooManyRequests || UpstreamFailure.IsCredentialRefusal(exception.StatusCode));

    /// <summary>Makes the key after <paramref name="failedKey"/> current (unless a concurrent call moved it already) and logs it.</summary>
    public void Rotated(int failedKey, ChatProviderException exception)
    {
        int next = (failedKey + 1) % _keys;
        // Only the call that saw the current key fail moves it: a concurrent call may have rotated already.
        Interlocked.CompareExchange(ref _current, next, failedKey);
        RoutingLog.KeyRotated(_logger, _model, _route, (int)exception.StatusCode!.Value, failedKey + 1, _keys, next + 1);
    }
}

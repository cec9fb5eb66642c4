using System.Net;

namespace ModelRegistry;

/// <summary>
/// The health check of an OpenAI-compatible endpoint: one <c>GET {endpoint}/models</c> with the endpoint's key and
/// headers, not retried, no tokens spent. A server without that endpoint (404) still counts as reachable. The chat client
/// and the embedding generator both answer <c>CheckHealthAsync</c> with it, so chat routes and embedding routes are
/// probed alike.
/// </summary>
internal static class ProviderHealthCheck
{
    public static async Task<ChatProviderHealth> CheckAsync(ProviderTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            ProviderAnswer answer = await transport.SendAsync(HttpMethod.Get, ProviderTransport.ModelsPath, body: null, cancellationToken, retry: false).ConfigureAwait(false);
            answer.Release();
            return new ChatProviderHealth(true, HttpStatusCode.OK, null);
        }
        catch (ChatProviderException exception)
        {
            bool reachable = exception.StatusCode == HttpStatusCode.NotFound;
            return new ChatProviderHealth(reachable, exception.StatusCode, exception.Message);
        }
    }
}

using System.Net;

namespace ModelRegistry;

/// <summary>
/// The handler under the library's own HttpClients (the shared one and the providers' named ones): compressed answers
/// accepted; no cookies, because one client serves every caller of a model and a provider's cookie (a CDN's, say) would
/// go back with every other caller's requests; and no redirects, because a followed redirect would send the request —
/// and a key in a header of the provider's own, such as Azure's <c>api-key</c> — wherever the answer points. A redirect is
/// answered as the failure it is (a <see cref="ChatProviderException"/> with its 3xx status).
/// </summary>
internal static class ProviderHttpHandler
{
    /// <summary>A new handler. Its connections are recycled every 5 minutes so DNS changes are seen: a client keeps its
    /// handler for as long as it lives (IHttpClientFactory's handler rotation reaches only clients created after it).</summary>
    public static SocketsHttpHandler Create() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        UseCookies = false,
        AllowAutoRedirect = false,
    };
}

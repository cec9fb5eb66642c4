namespace ModelRegistry;

/// <summary>
/// The one <see cref="HttpClient"/> every client uses unless its settings pass another: one connection pool
/// per process, connections recycled so DNS changes are seen. Its own timeout is infinite because each request
/// carries the provider's timeout (a stream may legitimately run for minutes). Like the providers' named clients
/// (<see cref="ProviderHttpHandler"/>), it keeps no cookies and follows no redirects.
/// </summary>
internal static class SharedHttpClient
{
    /// <summary>The one connection pool: also under the <see cref="HttpClient"/>s handed to case-1 clients
    /// (<see cref="ChatModelConfiguration.CreateHttpClient"/>), which need a base address of their own.</summary>
    public static SocketsHttpHandler Handler { get; } = ProviderHttpHandler.Create();

    public static HttpClient Instance { get; } = new(Handler, disposeHandler: false)
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };
}

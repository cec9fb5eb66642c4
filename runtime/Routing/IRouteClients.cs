using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// What <see cref="ProfileRouteBuilder"/> needs to know about one kind of routed model (chat, embeddings): how a
/// route's client is made and what it says about itself. Everything else about building routes is the same for both.
/// </summary>
/// <typeparam name="TClient">What serves a route.</typeparam>
internal interface IRouteClients<TClient>
    where TClient : class, IDisposable
{
    /// <summary>Whether the profile's <c>max_input_tokens</c> bounds a call's whole estimated input (a chat model's
    /// context window); an embedding model's is a limit per input, not per call.</summary>
    bool HasContextWindow { get; }

    /// <summary>The client of a route that names a declared provider: that provider's own, for <paramref name="model"/>.</summary>
    TClient FromProvider(string provider, string model, ChatModelSettings settings);

    /// <summary>The library's OpenAI-compatible client of a route that names only a <c>base_url</c>.</summary>
    TClient FromEndpoint(ChatModelConfiguration configuration);

    /// <summary>One client over several keys of the same route, rotated on 429 and refused keys.</summary>
    TClient RotateKeys(TClient[] clients, string model, string route, ILogger logger);

    /// <summary>Where the client sends, when it says.</summary>
    Uri? Endpoint(TClient client);

    /// <summary>The client's own profile, when it has one.</summary>
    ModelProfile? Profile(TClient client);

    /// <summary>The timeout the client resolved for itself ({P}_TIMEOUT, the settings), when known.</summary>
    TimeSpan? Timeout(TClient client);
}

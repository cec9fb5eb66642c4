using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>The clients of a routed chat model's routes (<see cref="RoutedModelLoader"/>).</summary>
internal sealed class ChatRouteClients(RouteClientFactory createRoute) : IRouteClients<IChatClient>
{
    public bool HasContextWindow => true;

    public IChatClient FromProvider(string provider, string model, ChatModelSettings settings) => createRoute(provider, model, settings);

    public IChatClient FromEndpoint(ChatModelConfiguration configuration) => new OpenAICompatibleChatClient(configuration);

    public IChatClient RotateKeys(IChatClient[] clients, string model, string route, ILogger logger) => new KeyRotatingChatClient(clients, model, route, logger);

    public Uri? Endpoint(IChatClient client) => (client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.ProviderUri;

    public ModelProfile? Profile(IChatClient client) => client.GetService(typeof(ModelProfile)) as ModelProfile;

    /// <summary>The library's client, or a case-1 client's registration.</summary>
    public TimeSpan? Timeout(IChatClient client) =>
        (client.GetService(typeof(OpenAICompatibleChatClient)) as OpenAICompatibleChatClient)?.Configuration.Timeout
        ?? (client.GetService(typeof(RegisteredChatClient)) as RegisteredChatClient)?.Configuration.Timeout;
}

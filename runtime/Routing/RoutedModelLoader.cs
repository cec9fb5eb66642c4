using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>
/// Turns a routed chat model's compiled profile (plus the routing overlay and <c>OFFLOAD</c>) into a
/// <see cref="RoutedChatClient"/> over the routes <see cref="ProfileRouteBuilder"/> builds.
/// </summary>
internal static class RoutedModelLoader
{
    public static RoutedChatClient Load(ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, RouteClientFactory createRoute)
    {
        ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;
        (List<(RouteDefinition Definition, IChatClient Client)> routes, RoutedChatClientOptions options) =
            ProfileRouteBuilder.Build(provider, profile, settings, new ChatRouteClients(createRoute), logger);
        foreach ((RouteDefinition definition, IChatClient client) in routes)
        {
            options.Routes.Add(definition.ToChatRoute(client));
        }

        return new RoutedChatClient(options);
    }
}

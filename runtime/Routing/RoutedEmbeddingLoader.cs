using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>Builds the route generator of a routed embedding model: the named provider's own generator for the route's model.</summary>
internal delegate IEmbeddingGenerator<string, Embedding<float>> EmbeddingRouteFactory(string provider, string model, ChatModelSettings? settings);

/// <summary>
/// Turns a routed embedding model's profile (plus the routing overlay's <c>enabled</c>, <c>weight</c>, <c>base_url</c>,
/// <c>api_key</c> and <c>provider_model_id</c>, and <c>OFFLOAD</c>'s dropping of local routes) into a
/// <see cref="RoutedEmbeddingGenerator"/>, resolving each route's <c>${ENV}</c> key and endpoint now; a route whose key or
/// endpoint is unset is left out, and a model left with no route fails to load.
/// </summary>
internal static class RoutedEmbeddingLoader
{
    public static IEmbeddingGenerator<string, Embedding<float>> Load(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, EmbeddingRouteFactory createRoute)
    {
        string model = provider.Name + ":" + profile.Model;
        ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedEmbeddingGenerator>() ?? NullLogger<RoutedEmbeddingGenerator>.Instance;
        RoutingOverlay? overlay = settings?.RoutingOverlay ?? RoutingOverlay.FromEnvironment();
        RoutingOverlayModel? patch = overlay?.Find(provider.Name, profile.Model);
        IReadOnlyList<string> names = RouteNaming.Names(profile.Routes);
        bool offload = OffloadPolicy.IsOffloadRequested();
        var routes = new List<(string, double, IEmbeddingGenerator<string, Embedding<float>>)>();
        var problems = new List<string>();
        for (int i = 0; i < profile.Routes.Length; i++)
        {
            ModelRoute route = profile.Routes[i];
            string name = names[i];
            RoutingOverlayRoute? change = patch?.Routes.TryGetValue(name, out RoutingOverlayRoute? found) == true ? found : null;
            if (change?.Enabled == false || (offload && route.Local))
            {
                problems.Add($"{name} ({(change?.Enabled == false ? "disabled by the overlay" : "local, OFFLOAD=1")})");
                continue;
            }

            try
            {
                string wireModel = change?.ProviderModelId ?? route.ProviderModelId ?? profile.ProviderModelId ?? profile.Model;
                string? keyReference = change?.ApiKey ?? change?.ApiKeys?.FirstOrDefault() ?? route.ApiKey ?? (route.ApiKeys.IsDefaultOrEmpty ? null : route.ApiKeys[0]);
                string? apiKey = keyReference is null ? null : ProviderEnvironment.ExpandEnvironmentReferences(keyReference, name, "route api_key");
                Uri? baseUrl = change?.BaseUrl ?? (route.BaseUrl is { } text
                    ? ProviderEnvironment.ParseHttpUri(ProviderEnvironment.ExpandEnvironmentReferences(text, name, "route base_url"))
                        ?? throw new ModelConfigurationException($"Route {name} has base_url '{text}', which is not an absolute http(s) URL.", provider.Name, null)
                    : null);
                var routeSettings = new ChatModelSettings(settings)
                {
                    Endpoint = baseUrl ?? settings?.Endpoint,
                    ApiKey = apiKey ?? settings?.ApiKey,
                    // A failed route moves the call to the next route instead of retrying here.
                    MaxRetries = settings?.MaxRetries ?? 0,
                    RouteProviderSettings = null,
                };
                IEmbeddingGenerator<string, Embedding<float>> generator;
                if (route.Provider is { } routeProvider)
                {
                    generator = createRoute(routeProvider, wireModel, settings?.RouteProviderSettings?.Invoke(routeProvider, routeSettings) ?? routeSettings);
                }
                else
                {
                    Uri endpoint = baseUrl ?? throw new ModelConfigurationException($"Route {name} of {model} names neither a provider nor a base_url.", provider.Name, null);
                    generator = new OpenAICompatibleEmbeddingGenerator(new ChatModelConfiguration
                    {
                        Provider = new ProviderInfo { Name = name, Kind = "openai-compatible", BaseUrl = endpoint.ToString(), EnvironmentPrefix = provider.EnvironmentPrefix, IsLocal = route.Local },
                        Model = wireModel,
                        Endpoint = endpoint,
                        ApiKey = routeSettings.ApiKey,
                        Headers = settings?.Headers?.ToList() ?? [],
                        Profile = profile with { ProviderModelId = wireModel, Routes = [] },
                        Settings = routeSettings,
                        Timeout = settings?.Timeout,
                        MaxRetries = routeSettings.MaxRetries,
                        MaxResponseBytes = settings?.MaxResponseBytes,
                    });
                }

                routes.Add((name, change?.Weight ?? route.Weight, generator));
            }
            catch (ModelConfigurationException exception)
            {
                RoutingLog.RouteUnusable(logger, model, name, exception.Message);
                problems.Add($"{name} ({exception.Message})");
            }
        }

        if (routes.Count == 0)
        {
            throw new ModelConfigurationException(
                $"{model} has no usable route: {string.Join("; ", problems)}.", provider.Name, offload ? OffloadPolicy.OffloadVariable : null);
        }

        return new RoutedEmbeddingGenerator(routes, model, profile, logger);
    }
}

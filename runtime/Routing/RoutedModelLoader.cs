using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>
/// Turns a routed model's compiled profile (plus the routing overlay and <c>OFFLOAD</c>) into a
/// <see cref="RoutedChatClient"/>: resolves each route's <c>${ENV}</c> key and endpoint at load time, builds each
/// route's client, and fails at load when no route is left.
/// </summary>
internal static class RoutedModelLoader
{
    /// <summary>Route clients do not retry on their own: a failed call moves to the next route instead.</summary>
    private const int RouteRetries = 0;

    public static RoutedChatClient Load(ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, RouteClientFactory createRoute)
    {
        string model = provider.Name + ":" + profile.Model;
        ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;
        RoutingOverlay? overlay = settings?.RoutingOverlay ?? RoutingOverlay.FromEnvironment();
        IReadOnlyList<string> names = RouteNaming.Names(profile.Routes);
        RoutingOverlayModel? patch = overlay?.Find(provider.Name, profile.Model);
        if (patch?.FindUnknownRoute(names) is { } unknown)
        {
            throw new ModelConfigurationException(
                $"The routing overlay {overlay!.Source} changes route '{unknown}' of {model}, which has no such route. Its routes: {string.Join(", ", names)}.",
                provider.Name, RoutingOverlay.PathVariable);
        }

        bool offload = OffloadPolicy.IsOffloadRequested();
        Uri? localBaseUrl = offload ? OffloadPolicy.ReadLocalBaseUrl() : null;
        var routes = new List<ChatRoute>(profile.Routes.Length);
        var problems = new List<string>();
        bool offloadDropped = false;
        for (int i = 0; i < profile.Routes.Length; i++)
        {
            ModelRoute route = profile.Routes[i];
            string name = names[i];
            RoutingOverlayRoute? change = patch?.Routes.TryGetValue(name, out RoutingOverlayRoute? found) == true ? found : null;
            if (change?.Enabled == false)
            {
                problems.Add($"{name} (disabled by the overlay)");
                continue;
            }

            if (offload && route.Local)
            {
                // Dropped before its client is built: a local route needs no key or endpoint checks under OFFLOAD.
                RoutingLog.RouteOffloaded(logger, model, name, "marked local");
                problems.Add($"{name} (local, OFFLOAD=1)");
                offloadDropped = true;
                continue;
            }

            try
            {
                ChatRoute built = BuildRoute(provider, profile, settings, createRoute, route, name, change);
                if (offload && OffloadPolicy.DropReason(built, localBaseUrl) is { } why)
                {
                    // Its endpoint is LOCAL_BASE_URL: known only once the route's client has resolved it.
                    RoutingLog.RouteOffloaded(logger, model, name, why);
                    problems.Add($"{name} ({why}, OFFLOAD=1)");
                    offloadDropped = true;
                    built.Client.Dispose();
                    continue;
                }

                routes.Add(built);
            }
            catch (ModelConfigurationException exception)
            {
                RoutingLog.RouteUnusable(logger, model, name, exception.Message);
                problems.Add($"{name} ({exception.Message})");
            }
        }

        if (routes.Count == 0)
        {
            // OFFLOAD is named only when it dropped a route: a host (the gateway) may then drop just this model and
            // serve the rest, while a model whose routes are all misconfigured stays a start-up error.
            throw new ModelConfigurationException(
                $"{model} has no usable route: {string.Join("; ", problems)}.", provider.Name, offloadDropped ? OffloadPolicy.OffloadVariable : null);
        }

        return new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = routes,
            ModelId = model,
            Profile = profile,
            LoggerFactory = settings?.LoggerFactory,
            StateStore = settings?.RoutingState,
            // OFFLOAD was decided here, once: the routed client must not read the environment again.
            Offload = false,
            Cooldown = overlay?.Cooldown ?? new RoutedChatClientOptions().Cooldown,
            QueueLimit = overlay?.QueueLimit ?? new RoutedChatClientOptions().QueueLimit,
            MaxRoutePause = overlay?.MaxRoutePause ?? new RoutedChatClientOptions().MaxRoutePause,
        });
    }

    private static ChatRoute BuildRoute(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, RouteClientFactory createRoute,
        ModelRoute route, string name, RoutingOverlayRoute? change)
    {
        string wireModel = change?.ProviderModelId ?? route.ProviderModelId ?? profile.ProviderModelId ?? profile.Model;
        IReadOnlyList<string?> keyReferences = KeyReferences(route, change);
        // A profile's base_url may hold ${ENV} references (the hybrid-inference seed's "base_url: ${ZAI_BASE_URL}"): an
        // unset variable makes this route unusable, and the model serves from its other routes.
        Uri? baseUrl = change?.BaseUrl ?? (route.BaseUrl is { } text
            ? ProviderEnvironment.ParseHttpUri(ProviderEnvironment.ExpandEnvironmentReferences(text, name, "route base_url"))
                ?? throw new ModelConfigurationException($"Route {name} has base_url '{text}', which is not an absolute http(s) URL.", provider.Name, null)
            : null);

        Uri? endpoint = null;
        IChatClient client;
        if (keyReferences.Count == 1)
        {
            client = BuildClient(provider, profile, settings, createRoute, route, name, baseUrl, wireModel,
                keyReferences[0] is { } only ? ProviderEnvironment.ExpandEnvironmentReferences(only, name, "route api_key") : null, out endpoint);
        }
        else
        {
            // Several keys: one client each, rotated on 429 and refused keys (KeyRotatingChatClient). A key is named by
            // its position only, in messages too.
            var clients = new IChatClient[keyReferences.Count];
            try
            {
                for (int k = 0; k < clients.Length; k++)
                {
                    string apiKey = ProviderEnvironment.ExpandEnvironmentReferences(keyReferences[k]!, name, $"route api_keys[{k}]")!;
                    clients[k] = BuildClient(provider, profile, settings, createRoute, route, name, baseUrl, wireModel, apiKey, out endpoint);
                }
            }
            catch
            {
                foreach (IChatClient? built in clients)
                {
                    built?.Dispose();
                }

                throw;
            }

            ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;
            client = new KeyRotatingChatClient(clients, provider.Name + ":" + profile.Model, name, logger);
        }

        ModelProfile? own = client.GetService(typeof(ModelProfile)) as ModelProfile;
        ModelPricing? routePricing = own is { Routes.IsEmpty: true } ? own.Pricing : null;
        return new ChatRoute
        {
            Name = name,
            Client = client,
            Weight = change?.Weight ?? route.Weight,
            IsLocal = route.Local,
            Endpoint = endpoint,
            RequestsPerMinute = change?.RequestsPerMinute ?? route.RequestsPerMinute,
            TokensPerMinute = change?.TokensPerMinute ?? route.TokensPerMinute,
            TokensPerHour = change?.TokensPerHour ?? route.TokensPerHour,
            TokensPerDay = change?.TokensPerDay ?? route.TokensPerDay,
            MaxInputTokens = change?.MaxInputTokens ?? route.MaxInputTokens ?? (own is { Routes.IsEmpty: true } ? own.MaxInputTokens : null) ?? profile.MaxInputTokens,
            Pricing = routePricing ?? profile.Pricing,
            // The route's own configured timeout ({P}_TIMEOUT, ChatModelSettings.Timeout) also bounds its silence.
            Timeout = change?.Timeout ?? RouteTimeout(client) ?? settings?.Timeout,
        };
    }

    /// <summary>The client of one route for one key: the named provider's own client, or the library's client for a bare
    /// <c>base_url</c>; <paramref name="endpoint"/> is where it sends.</summary>
    private static IChatClient BuildClient(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, RouteClientFactory createRoute,
        ModelRoute route, string name, Uri? baseUrl, string wireModel, string? apiKey, out Uri? endpoint)
    {
        IChatClient client;
        if (route.Provider is { } routeProvider)
        {
            ChatModelSettings routeSettings = WithRoute(settings, baseUrl, apiKey);
            client = createRoute(routeProvider, wireModel, settings?.RouteProviderSettings?.Invoke(routeProvider, routeSettings) ?? routeSettings);
            endpoint = client.GetService(typeof(ChatClientMetadata)) is ChatClientMetadata metadata ? metadata.ProviderUri : baseUrl;
        }
        else
        {
            endpoint = baseUrl ?? throw new ModelConfigurationException($"Route {name} of {provider.Name}:{profile.Model} names neither a provider nor a base_url.", provider.Name, null);
            var info = new ProviderInfo
            {
                Name = name,
                Kind = "openai-compatible",
                BaseUrl = endpoint.ToString(),
                EnvironmentPrefix = provider.EnvironmentPrefix,
                Compatibility = profile.Compatibility,
                IsLocal = route.Local,
            };
            CompatibilityOptions compatibility = settings?.Compatibility is { } overrides ? overrides.ApplyTo(profile.Compatibility) : profile.Compatibility;
            client = new OpenAICompatibleChatClient(new ChatModelConfiguration
            {
                Provider = info,
                Model = wireModel,
                Endpoint = endpoint,
                ApiKey = apiKey ?? settings?.ApiKey,
                Headers = settings?.Headers?.ToList() ?? [],
                Compatibility = compatibility,
                Profile = profile with { ProviderModelId = wireModel, Routes = [] },
                Settings = settings,
                Timeout = settings?.Timeout,
                MaxRetries = settings?.MaxRetries ?? RouteRetries,
                StreamIdleTimeout = settings?.StreamIdleTimeout,
                MaxResponseBytes = settings?.MaxResponseBytes,
            });
        }

        return client;
    }

    /// <summary>The route's key references, most specific first: the overlay's <c>api_keys</c>, its <c>api_key</c>, then the
    /// profile's <c>api_keys</c>, its <c>api_key</c>; a single <see langword="null"/> when the route has no key of its own.</summary>
    private static IReadOnlyList<string?> KeyReferences(ModelRoute route, RoutingOverlayRoute? change)
    {
        if (change?.ApiKeys is { Count: > 0 } overlayKeys)
        {
            return overlayKeys;
        }

        if (change?.ApiKey is { } overlayKey)
        {
            return [overlayKey];
        }

        if (route.ApiKeys.IsDefaultOrEmpty)
        {
            return [route.ApiKey];
        }

        return route.ApiKeys;
    }

    /// <summary>The timeout the route's own client resolved: the library's client, or a case-1 client's registration.</summary>
    private static TimeSpan? RouteTimeout(IChatClient client) =>
        (client.GetService(typeof(OpenAICompatibleChatClient)) as OpenAICompatibleChatClient)?.Configuration.Timeout
        ?? (client.GetService(typeof(RegisteredChatClient)) as RegisteredChatClient)?.Configuration.Timeout;

    /// <summary>The load settings with a route's endpoint and key, and without client-level retries.</summary>
    private static ChatModelSettings WithRoute(ChatModelSettings? settings, Uri? endpoint, string? apiKey) => new(settings)
    {
        Endpoint = endpoint ?? settings?.Endpoint,
        ApiKey = apiKey ?? settings?.ApiKey,
        MaxRetries = settings?.MaxRetries ?? RouteRetries,
        // The route's own client routes no further.
        RouteProviderSettings = null,
    };
}

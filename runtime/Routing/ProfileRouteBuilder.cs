using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// Turns a routed model's compiled profile (plus the routing overlay and <c>OFFLOAD</c>) into its routes, for chat and
/// embedding models alike: resolves each route's <c>${ENV}</c> keys and endpoint at load time, builds each route's client
/// (one per key of <c>api_keys</c>, rotated), applies the overlay's changes (weights, limits, timeouts, keys, endpoints,
/// <c>enabled</c>), and fails at load when no route is left. The routing policy (cooldown, queue, pause, shared store)
/// comes with the routes.
/// </summary>
internal static class ProfileRouteBuilder
{
    /// <summary>Route clients do not retry on their own: a failed call moves to the next route instead.</summary>
    private const int RouteRetries = 0;

    /// <exception cref="ModelConfigurationException">The overlay changes a route the model does not have, or no route is usable.</exception>
    public static (List<(RouteDefinition Definition, TClient Client)> Routes, RoutedChatClientOptions Policy) Build<TClient>(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, IRouteClients<TClient> clients, ILogger logger)
        where TClient : class, IDisposable
    {
        string model = provider.Name + ":" + profile.Model;
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
        var routes = new List<(RouteDefinition, TClient)>(profile.Routes.Length);
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
                (RouteDefinition definition, TClient client) = BuildRoute(provider, profile, settings, clients, logger, route, name, change);
                if (offload && OffloadPolicy.DropReason(definition, localBaseUrl) is { } why)
                {
                    // Its endpoint is LOCAL_BASE_URL: known only once the route's client has resolved it.
                    RoutingLog.RouteOffloaded(logger, model, name, why);
                    problems.Add($"{name} ({why}, OFFLOAD=1)");
                    offloadDropped = true;
                    client.Dispose();
                    continue;
                }

                routes.Add((definition, client));
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

        var defaults = new RoutedChatClientOptions();
        return (routes, new RoutedChatClientOptions
        {
            ModelId = model,
            Profile = profile,
            LoggerFactory = settings?.LoggerFactory,
            StateStore = settings?.RoutingState,
            // OFFLOAD was decided here, once: the routed model must not read the environment again.
            Offload = false,
            Cooldown = overlay?.Cooldown ?? defaults.Cooldown,
            QueueLimit = overlay?.QueueLimit ?? defaults.QueueLimit,
            MaxRoutePause = overlay?.MaxRoutePause ?? defaults.MaxRoutePause,
        });
    }

    private static (RouteDefinition, TClient) BuildRoute<TClient>(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, IRouteClients<TClient> clients, ILogger logger,
        ModelRoute route, string name, RoutingOverlayRoute? change)
        where TClient : class, IDisposable
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
        TClient client;
        if (keyReferences.Count == 1)
        {
            client = BuildClient(provider, profile, settings, clients, route, name, baseUrl, wireModel,
                keyReferences[0] is { } only ? ProviderEnvironment.ExpandEnvironmentReferences(only, name, "route api_key") : null, out endpoint);
        }
        else
        {
            // Several keys: one client each, rotated on 429 and refused keys (KeyRotation). A key is named by its
            // position only, in messages too.
            var perKey = new TClient[keyReferences.Count];
            try
            {
                for (int k = 0; k < perKey.Length; k++)
                {
                    string apiKey = ProviderEnvironment.ExpandEnvironmentReferences(keyReferences[k]!, name, $"route api_keys[{k}]")!;
                    perKey[k] = BuildClient(provider, profile, settings, clients, route, name, baseUrl, wireModel, apiKey, out endpoint);
                }
            }
            catch
            {
                foreach (TClient? built in perKey)
                {
                    built?.Dispose();
                }

                throw;
            }

            client = clients.RotateKeys(perKey, provider.Name + ":" + profile.Model, name, logger);
        }

        ModelProfile? own = clients.Profile(client) is { Routes.IsEmpty: true } single ? single : null;
        return (new RouteDefinition
        {
            Name = name,
            Weight = change?.Weight ?? route.Weight,
            IsLocal = route.Local,
            Endpoint = endpoint,
            RequestsPerMinute = change?.RequestsPerMinute ?? route.RequestsPerMinute,
            TokensPerMinute = change?.TokensPerMinute ?? route.TokensPerMinute,
            TokensPerHour = change?.TokensPerHour ?? route.TokensPerHour,
            TokensPerDay = change?.TokensPerDay ?? route.TokensPerDay,
            MaxInputTokens = clients.HasContextWindow ? change?.MaxInputTokens ?? route.MaxInputTokens ?? own?.MaxInputTokens ?? profile.MaxInputTokens : null,
            Pricing = own?.Pricing ?? profile.Pricing,
            // The route's own configured timeout ({P}_TIMEOUT, ChatModelSettings.Timeout) also bounds its silence.
            Timeout = change?.Timeout ?? clients.Timeout(client) ?? settings?.Timeout,
        }, client);
    }

    /// <summary>The client of one route for one key: the named provider's own client, or the library's client for a bare
    /// <c>base_url</c>; <paramref name="endpoint"/> is where it sends.</summary>
    private static TClient BuildClient<TClient>(
        ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, IRouteClients<TClient> clients,
        ModelRoute route, string name, Uri? baseUrl, string wireModel, string? apiKey, out Uri? endpoint)
        where TClient : class, IDisposable
    {
        if (route.Provider is { } routeProvider)
        {
            ChatModelSettings routeSettings = WithRoute(settings, baseUrl, apiKey);
            TClient client = clients.FromProvider(routeProvider, wireModel, settings?.RouteProviderSettings?.Invoke(routeProvider, routeSettings) ?? routeSettings);
            endpoint = clients.Endpoint(client) ?? baseUrl;
            return client;
        }

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
        return clients.FromEndpoint(new ChatModelConfiguration
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

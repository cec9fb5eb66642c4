using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The models the gateway serves: every profiled model of the registry's own (not built-in) providers, loaded once at start
/// (so a bad overlay or a model without any usable route stops the start with a clear error), found by
/// <c>provider:model</c>, by bare id, or by alias. Under <c>OFFLOAD=1</c> a model left with no route is dropped with a
/// warning (and listed in <see cref="Unavailable"/>) instead: flipping OFFLOAD during an incident must not stop the rest.
/// </summary>
internal sealed class ModelCatalog : IDisposable
{
    private readonly Dictionary<string, ServedModel> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ServedModel> _models = [];
    private readonly List<UnavailableModel> _unavailable = [];

    /// <summary>Loads every model the gateway serves from <paramref name="registry"/> (the host's, which applies the
    /// <c>ModelRegistry</c> configuration), with the routing overlay of <c>Gateway:Overlay</c>, else of the
    /// <c>ModelRegistry:Routing</c> section, else of <c>MODELREGISTRY_OVERLAY</c>; routed models keep their shared state in
    /// <paramref name="state"/> (<c>Gateway:Redis</c>) when it is given.</summary>
    /// <exception cref="ModelConfigurationException">The overlay is invalid, or a model cannot be loaded.</exception>
    public ModelCatalog(IModelRegistry registry, GatewayOptions options, ModelRegistryOptions registryOptions, ILoggerFactory loggerFactory, IRoutingStateStore? state = null)
    {
        Registry = registry;
        RoutingOverlay? overlay = options.OverlayPath is { } path
            ? RoutingOverlay.Load(path)
            : registryOptions.RoutingOverlay ?? RoutingOverlay.FromEnvironment();
        if (overlay?.Validate(FindProfile) is { Count: > 0 } problems)
        {
            throw new ModelConfigurationException(string.Join(Environment.NewLine, problems), "overlay", RoutingOverlay.PathVariable);
        }

        // The gateway's stream idle limit and upstream answer limit are the clients' own: a stalled or oversized answer is
        // then a failure of its route (which may fall back) rather than something the endpoint has to police.
        var settings = new ChatModelSettings
        {
            LoggerFactory = loggerFactory,
            RoutingOverlay = overlay,
            StreamIdleTimeout = options.StreamIdleTimeout,
            MaxResponseBytes = options.MaxUpstreamResponseBytes,
            RoutingState = state,
        };
        ILogger logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.ModelCatalog");
        foreach (ProviderInfo provider in registry.Providers.Where(p => !p.IsBuiltIn))
        {
            foreach (string model in provider.Models)
            {
                ModelProfile profile = FindProfile(provider.Name, model)!;
                string id = provider.Name + ":" + profile.Model;
                IChatClient client;
                try
                {
                    client = registry.LoadChatModel(id, settings);
                }
                catch (ModelConfigurationException exception) when (IsLeftWithoutRouteByOffload(exception))
                {
                    GatewayLog.ModelUnavailable(logger, id, exception.Message);
                    _unavailable.Add(new UnavailableModel(id, exception.Message));
                    continue;
                }

                var served = new ServedModel(id, provider, profile, client);
                _models.Add(served);
                _byName.TryAdd(id, served);
                _byName.TryAdd(profile.Model, served);
                foreach (string alias in profile.Aliases)
                {
                    _byName.TryAdd(alias, served);
                    _byName.TryAdd(provider.Name + ":" + alias, served);
                }
            }
        }
    }

    /// <summary>The registry the models come from (its providers are listed by <c>/v1/providers</c>).</summary>
    public IModelRegistry Registry { get; }

    /// <summary>Every served model, in registry order.</summary>
    public IReadOnlyList<ServedModel> Models => _models;

    /// <summary>The models not served because <c>OFFLOAD=1</c> left them no route, with the reason (shown by <c>/health</c>).</summary>
    public IReadOnlyList<UnavailableModel> Unavailable => _unavailable;

    /// <summary>Finds a served model by id, bare id or alias, ignoring case.</summary>
    public bool TryFind(string name, out ServedModel model) => _byName.TryGetValue(name, out model!);

    /// <summary>The served ids, for a "did you mean" and the not-found message.</summary>
    public IEnumerable<string> Ids => _models.Select(m => m.Id);

    /// <summary>The routed client under a model's client, found through <see cref="IChatClient.GetService"/> so a client
    /// wrapped by the host (<c>UseOpenTelemetry</c>, logging, any <see cref="DelegatingChatClient"/>) still shows its
    /// routes; <see langword="null"/> for a model that is not routed.</summary>
    public static RoutedChatClient? Routed(ServedModel model) =>
        model.Client.GetService(typeof(RoutedChatClient)) as RoutedChatClient;

    /// <summary>The profiles of a route's own model, when its client has one (used for context length and parameters).</summary>
    public static IEnumerable<ModelProfile> RouteProfiles(ServedModel model) =>
        Routed(model) is { } routed
            ? routed.Routes.Select(r => r.Client.GetService(typeof(ModelProfile)) as ModelProfile).OfType<ModelProfile>()
            : [];

    /// <summary>Disposes the clients of every served model.</summary>
    public void Dispose()
    {
        foreach (ServedModel model in _models)
        {
            model.Client.Dispose();
        }
    }

    /// <summary>Whether loading failed only because OFFLOAD dropped the model's last routes (the loader names the
    /// OFFLOAD variable then); any other configuration error still stops the start.</summary>
    private static bool IsLeftWithoutRouteByOffload(ModelConfigurationException exception) =>
        exception.VariableName == OffloadPolicy.OffloadVariable && OffloadPolicy.IsOffloadRequested();

    private ModelProfile? FindProfile(string provider, string model) =>
        Registry.TryGetProfile(provider, model, out ModelProfile? profile) ? profile : null;
}

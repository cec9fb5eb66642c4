using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The models the gateway serves: every profiled model of the registry's own (not built-in) providers, loaded once at start
/// (so a bad overlay or a model without any usable route stops the start with a clear error), found by
/// <c>provider:model</c>, by bare id, or by alias. Under <c>OFFLOAD=1</c> a model left with no route is dropped with a
/// warning (and listed in <see cref="Unavailable"/>) instead: flipping OFFLOAD during an incident must not stop the rest.
/// An edit of the overlay file is loaded the same way by <see cref="ReloadOverlay"/> and swapped in whole
/// (<see cref="CatalogContents"/>), or rejected with the error a start-up would have given, the running models kept.
/// </summary>
internal sealed class ModelCatalog : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IRoutingStateStore? _state;
    private readonly Lock _reloadGate = new();
    private readonly List<(CatalogContents Contents, DateTimeOffset RetiredAt)> _retired = [];
    private CatalogContents _current;
    private OverlayRejection? _lastRejection;

    /// <summary>Loads every model the gateway serves from <paramref name="registry"/> (the host's, which applies the
    /// <c>ModelRegistry</c> configuration), with the routing overlay of <c>Gateway:Overlay</c>, else of the
    /// <c>ModelRegistry:Routing</c> section, else of <c>MODELREGISTRY_OVERLAY</c>; routed models keep their shared state in
    /// <paramref name="state"/> (<c>Gateway:Redis</c>) when it is given.</summary>
    /// <exception cref="ModelConfigurationException">The overlay is invalid, or a model cannot be loaded.</exception>
    public ModelCatalog(IModelRegistry registry, GatewayOptions options, ModelRegistryOptions registryOptions, ILoggerFactory loggerFactory,
        TimeProvider? time = null, IRoutingStateStore? state = null)
    {
        Registry = registry;
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.ModelCatalog");
        _time = time ?? TimeProvider.System;
        _state = state;
        OverlayFile = options.OverlayPath
            ?? (registryOptions.RoutingOverlay is null ? ProviderEnvironment.Read(RoutingOverlay.PathVariable) : null);
        if (OverlayFile is { } path)
        {
            byte[] bytes = RoutingOverlay.ReadFile(path);
            _current = Load(RoutingOverlay.Parse(bytes, path), Hash(bytes));
        }
        else
        {
            _current = Load(registryOptions.RoutingOverlay, sha256: null);
        }
    }

    /// <summary>The registry the models come from (its providers are listed by <c>/v1/providers</c>).</summary>
    public IModelRegistry Registry { get; }

    /// <summary>The overlay file the models are loaded with and reloaded from, or <see langword="null"/> when the overlay
    /// (if any) is not a file.</summary>
    public string? OverlayFile { get; }

    /// <summary>What is served now; read it once per request for a consistent view across a reload.</summary>
    public CatalogContents Current => Volatile.Read(ref _current);

    /// <summary>Every served model, in registry order.</summary>
    public IReadOnlyList<ServedModel> Models => Current.Models;

    /// <summary>The models not served because <c>OFFLOAD=1</c> left them no route, with the reason (shown by <c>/health</c>).</summary>
    public IReadOnlyList<UnavailableModel> Unavailable => Current.Unavailable;

    /// <summary>The last edit of the overlay file that was rejected, or <see langword="null"/>.</summary>
    public OverlayRejection? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Finds a served model by id, bare id or alias, ignoring case.</summary>
    public bool TryFind(string name, out ServedModel model) => Current.TryFind(name, out model);

    /// <summary>The served ids, for a "did you mean" and the not-found message.</summary>
    public IEnumerable<string> Ids => Current.Models.Select(m => m.Id);

    /// <summary>The routed client under a model's client, found through <see cref="IChatClient.GetService"/> so a client
    /// wrapped by the host (<c>UseOpenTelemetry</c>, logging, any <see cref="DelegatingChatClient"/>) still shows its
    /// routes; <see langword="null"/> for a model that is not routed.</summary>
    public static RoutedChatClient? Routed(ServedModel model) =>
        model.Client.GetService(typeof(RoutedChatClient)) as RoutedChatClient;

    /// <summary>The routed generator under an embedding model's generator, or <see langword="null"/> for a model that is
    /// not a routed embedding model.</summary>
    public static RoutedEmbeddingGenerator? RoutedEmbeddings(ServedModel model) =>
        model.Embeddings?.GetService(typeof(RoutedEmbeddingGenerator)) as RoutedEmbeddingGenerator;

    /// <summary>The profiles of a route's own model, when its client has one (used for context length and parameters).</summary>
    public static IEnumerable<ModelProfile> RouteProfiles(ServedModel model) =>
        Routed(model) is { } routed
            ? routed.Routes.Select(r => r.Client.GetService(typeof(ModelProfile)) as ModelProfile).OfType<ModelProfile>()
            : [];

    /// <summary>
    /// Reads the overlay file again and, when its bytes changed since the live or the last rejected version, validates
    /// and loads every model with it as a start-up would, then swaps the new models in. An invalid edit is logged and
    /// kept in <see cref="LastRejection"/>; the running models keep serving. Returns whether a new overlay went live.
    /// </summary>
    public bool ReloadOverlay()
    {
        if (OverlayFile is not { } path)
        {
            return false;
        }

        lock (_reloadGate)
        {
            string? sha256 = null;
            try
            {
                byte[] bytes = RoutingOverlay.ReadFile(path);
                sha256 = Hash(bytes);
                if (sha256 == Current.Overlay.Sha256 || sha256 == _lastRejection?.Sha256)
                {
                    return false;
                }

                CatalogContents next = Load(RoutingOverlay.Parse(bytes, path), sha256);
                CatalogContents previous = Interlocked.Exchange(ref _current, next);
                // Requests that found their model in the previous contents still use its clients: they are disposed once
                // no request can be running on them (DisposeRetired).
                _retired.Add((previous, _time.GetUtcNow()));
                GatewayLog.OverlayApplied(_logger, path, sha256, next.Models.Count);
                return true;
            }
            catch (ModelConfigurationException exception)
            {
                // An unreadable file has no bytes to compare: the same error is logged once, not on every poll.
                if (sha256 is null && _lastRejection is { Sha256: null } last && last.Error == exception.Message)
                {
                    return false;
                }

                Volatile.Write(ref _lastRejection, new OverlayRejection(sha256, _time.GetUtcNow(), exception.Message));
                GatewayLog.OverlayRejected(_logger, path, exception.Message);
                return false;
            }
        }
    }

    /// <summary>Disposes the models an overlay reload replaced once every request that may use them has ended: a request
    /// lasts at most <see cref="GatewayOptions.RequestTimeout"/>.</summary>
    public void DisposeRetired()
    {
        lock (_reloadGate)
        {
            DateTimeOffset before = _time.GetUtcNow() - _options.RequestTimeout - TimeSpan.FromSeconds(30);
            for (int i = _retired.Count - 1; i >= 0; i--)
            {
                if (_retired[i].RetiredAt < before)
                {
                    _retired[i].Contents.Dispose();
                    _retired.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Disposes the clients of every served model, and of those an overlay reload replaced.</summary>
    public void Dispose()
    {
        lock (_reloadGate)
        {
            Current.Dispose();
            foreach ((CatalogContents contents, _) in _retired)
            {
                contents.Dispose();
            }

            _retired.Clear();
        }
    }

    /// <summary>Validates <paramref name="overlay"/> against the compiled registry and loads every served model with it.</summary>
    /// <exception cref="ModelConfigurationException">The overlay is invalid, or a model cannot be loaded.</exception>
    private CatalogContents Load(RoutingOverlay? overlay, string? sha256)
    {
        OverlayValidation.ThrowIfInvalid(overlay, Registry);

        var models = new List<ServedModel>();
        var byName = new Dictionary<string, ServedModel>(StringComparer.OrdinalIgnoreCase);
        var unavailable = new List<UnavailableModel>();
        // Every model loaded so far by id (null: OFFLOAD left it no route): a fallback is loaded before its turn in
        // registry order when another model names it.
        var loaded = new Dictionary<string, ServedModel?>(StringComparer.OrdinalIgnoreCase);
        // The gateway's stream idle limit and upstream answer limit are the clients' own: a stalled or oversized answer is
        // then a failure of its route (which may fall back) rather than something the endpoint has to police.
        // Assigned before any model loads: LendFallback reads it only once a fallback is needed.
        ChatModelSettings settings = null!;
        settings = new ChatModelSettings
        {
            LoggerFactory = _loggerFactory,
            RoutingOverlay = overlay,
            StreamIdleTimeout = _options.StreamIdleTimeout,
            MaxResponseBytes = _options.MaxUpstreamResponseBytes,
            // Windows, circuits and counters shared over Gateway:Redis; null keeps them in process.
            RoutingState = _state,
            // A fallback model is served by its own shared client: its circuits and limits hold however it is called.
            FallbackLoader = LendFallback,
        };
        try
        {
            foreach (ProviderInfo provider in Registry.Providers.Where(p => !p.IsBuiltIn))
            {
                foreach (string model in provider.Models)
                {
                    ModelProfile profile = FindProfile(provider.Name, model)!;
                    if (LoadOnce(provider, profile) is not { } served)
                    {
                        continue;
                    }

                    models.Add(served);
                    byName.TryAdd(served.Id, served);
                    byName.TryAdd(profile.Model, served);
                    foreach (string alias in profile.Aliases)
                    {
                        byName.TryAdd(alias, served);
                        byName.TryAdd(provider.Name + ":" + alias, served);
                    }
                }
            }
        }
        catch
        {
            // A reload that fails half way leaves nothing behind: the models it loaded so far are not served.
            foreach (ServedModel? done in loaded.Values)
            {
                done?.Client.Dispose();
            }

            throw;
        }

        return new CatalogContents(models, byName, unavailable, new LiveOverlay(overlay?.Source, sha256, _time.GetUtcNow()));

        // Loads a served model once (a fallback may be asked for before its turn); null when OFFLOAD left it no route.
        ServedModel? LoadOnce(ProviderInfo provider, ModelProfile profile)
        {
            string id = provider.Name + ":" + profile.Model;
            if (loaded.TryGetValue(id, out ServedModel? known))
            {
                return known;
            }

            ServedModel? served;
            try
            {
                if (profile.Kind == ModelKind.Embedding)
                {
                    // An embedding model is served by /v1/embeddings, from its own generator.
                    IEmbeddingGenerator<string, Embedding<float>> generator = Registry.LoadEmbeddingModel(id, settings);
                    served = new ServedModel(id, provider, profile, new EmbeddingOnlyChatClient(id, generator)) { Embeddings = generator };
                }
                else
                {
                    served = new ServedModel(id, provider, profile, Registry.LoadChatModel(id, settings));
                }
            }
            catch (ModelConfigurationException exception) when (IsLeftWithoutRouteByOffload(exception))
            {
                GatewayLog.ModelUnavailable(_logger, id, exception.Message);
                unavailable.Add(new UnavailableModel(id, exception.Message));
                served = null;
            }

            loaded[id] = served;
            return served;
        }

        // The client of a fallback model: the served model's shared one (borrowed), nothing when OFFLOAD dropped it, or, for
        // a model the gateway does not serve (a built-in's), a client of its own that the fallback chain owns.
        (IChatClient Client, bool Owned)? LendFallback(string id)
        {
            int colon = id.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && Registry.TryGetProvider(id.AsSpan(0, colon), out ProviderInfo? provider) && !provider.IsBuiltIn &&
                FindProfile(provider.Name, id[(colon + 1)..]) is { } profile)
            {
                return LoadOnce(provider, profile) is { } served ? (served.Client, false) : null;
            }

            return (Registry.LoadChatModel(id, settings), true);
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether loading failed only because OFFLOAD dropped the model's last routes (the loader names the
    /// OFFLOAD variable then); any other configuration error still stops the start.</summary>
    private static bool IsLeftWithoutRouteByOffload(ModelConfigurationException exception) =>
        exception.VariableName == OffloadPolicy.OffloadVariable && OffloadPolicy.IsOffloadRequested();

    private ModelProfile? FindProfile(string provider, string model) =>
        Registry.TryGetProfile(provider, model, out ModelProfile? profile) ? profile : null;
}

namespace ModelRegistry.Gateway;

/// <summary>
/// The routes of a routed model as <c>/health</c> and the background probes (<see cref="RouteProber"/>) see them, whether
/// they serve chat (<see cref="RoutedChatClient"/>) or embeddings (<see cref="RoutedEmbeddingGenerator"/>): each route's
/// name, the client that serves it, its <c>GET /models</c> probe, its live status, and the circuit a probe opens and
/// closes. Both kinds hold their routes in a <c>RouteSet</c>; this one view lets the gateway probe them with one piece of code.
/// </summary>
internal sealed class ServedRoutes
{
    private readonly RoutedChatClient? _chat;
    private readonly RoutedEmbeddingGenerator? _embeddings;

    private ServedRoutes(RoutedChatClient chat)
    {
        _chat = chat;
        IReadOnlyList<ChatRoute> routes = chat.Routes;
        Names = routes.Select(r => r.Name).ToArray();
        Clients = routes.Select(r => (object)r.Client).ToArray();
        Probes = routes.Select(r => ModelsProbe.Of(r.Client)).ToArray();
    }

    private ServedRoutes(RoutedEmbeddingGenerator embeddings)
    {
        _embeddings = embeddings;
        Names = embeddings.RouteNames.ToArray();
        Clients = embeddings.RouteClients.ToArray();
        Probes = embeddings.RouteClients.Select(ModelsProbe.Of).ToArray();
    }

    /// <summary>The routes of <paramref name="model"/>, or <see langword="null"/> for a model that is not routed.</summary>
    public static ServedRoutes? Of(ServedModel model) =>
        ModelCatalog.Routed(model) is { } chat ? new ServedRoutes(chat)
        : ModelCatalog.RoutedEmbeddings(model) is { } embeddings ? new ServedRoutes(embeddings)
        : null;

    /// <summary>Each route's name, in route order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each route's client, in route order: what a route's probe results are kept under, so that a route an
    /// overlay reload replaced takes its results with it.</summary>
    public IReadOnlyList<object> Clients { get; }

    /// <summary>Each route's <c>GET /models</c> probe, in route order; <see langword="null"/> for a route that is not OpenAI-compatible.</summary>
    public IReadOnlyList<ModelsProbe?> Probes { get; }

    /// <summary>The live state of every route, in route order.</summary>
    public IReadOnlyList<RouteStatus> GetStatuses() => _chat?.GetRouteStatuses() ?? _embeddings!.GetRouteStatuses();

    /// <summary>Reads every route's shared circuit into its status (a route another process opened shows).</summary>
    public ValueTask RefreshSharedStateAsync(CancellationToken cancellationToken) =>
        _chat?.RefreshSharedStateAsync(cancellationToken) ?? _embeddings!.RefreshSharedStateAsync(cancellationToken);

    /// <summary>A probe found route <paramref name="index"/> down: its circuit opens. Returns whether it opened now.</summary>
    public bool RecordProbeFailure(int index) => _chat?.RecordProbeFailure(index) ?? _embeddings!.RecordProbeFailure(index);

    /// <summary>A probe found route <paramref name="index"/> up again: its circuit closes. Returns whether it was not closed.</summary>
    public bool RecordProbeSuccess(int index) => _chat?.RecordProbeSuccess(index) ?? _embeddings!.RecordProbeSuccess(index);
}

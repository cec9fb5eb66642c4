namespace ModelRegistry;

/// <summary>
/// The routes of one routed model, whatever its routes serve (chat clients, embedding generators): each route's live
/// state (<see cref="RouteState"/>) and, at the same position, its client. The routed chat client and the routed
/// embedding generator hold one each, so statuses, health-check results, shared state and disposal are handled once.
/// </summary>
internal sealed class RouteSet<TClient> : IDisposable
    where TClient : class, IDisposable
{
    /// <exception cref="ModelConfigurationException">A route's weight is negative or not a number.</exception>
    public RouteSet(IReadOnlyList<(RouteDefinition Definition, TClient Client)> routes, RoutedChatClientOptions options, string model)
    {
        States = new RouteState[routes.Count];
        Clients = new TClient[routes.Count];
        for (int i = 0; i < routes.Count; i++)
        {
            (RouteDefinition route, TClient client) = routes[i];
            if (!double.IsFinite(route.Weight) || route.Weight < 0)
            {
                throw new ModelConfigurationException($"Route '{route.Name}' of {model} has weight {route.Weight}; a weight is a finite number of at least 0.", route.Name, null);
            }

            States[i] = new RouteState(route, i, options, model);
            Clients[i] = client;
            AnyLimited |= States[i].Limits.IsLimited;
            AnyWindow |= route.MaxInputTokens is not null;
        }
    }

    /// <summary>Each route's state, in declaration order; <see cref="RouteState.Index"/> is its position here.</summary>
    public RouteState[] States { get; }

    /// <summary>Each route's client, at its route's position. Disposed with the set.</summary>
    public TClient[] Clients { get; }

    /// <summary>Whether some route has rate limits (held here or in a shared store): calls then estimate their input.</summary>
    public bool AnyLimited { get; }

    /// <summary>Whether some route has a context window that calls are checked against.</summary>
    public bool AnyWindow { get; }

    /// <summary>The live state of every route: circuit, failures, cooldown or pause.</summary>
    public IReadOnlyList<RouteStatus> GetStatuses() => States.Select(r => r.GetStatus()).ToArray();

    /// <summary>A background health check found route <paramref name="index"/> down: its circuit opens, as after a failed
    /// call. Returns whether it opened now.</summary>
    public bool RecordProbeFailure(int index) => States[index].RecordFailure(retryAfter: null, openNow: true);

    /// <summary>A background health check found route <paramref name="index"/> up again: its circuit closes. Returns
    /// whether it was not closed before.</summary>
    public bool RecordProbeSuccess(int index) => States[index].RecordSuccess();

    /// <summary>Reads every route's shared circuit (when its state is shared with other processes) into its status, so
    /// that <see cref="GetStatuses"/> shows what another process found; nothing to do when state is in process.</summary>
    public async ValueTask RefreshSharedStateAsync(CancellationToken cancellationToken)
    {
        foreach (RouteState route in States)
        {
            if (route.Shared is { } shared)
            {
                route.MirrorShared(await shared.Store.ReadCircuitAsync(shared.Circuit, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < States.Length; i++)
        {
            States[i].Dispose();
            Clients[i].Dispose();
        }
    }
}

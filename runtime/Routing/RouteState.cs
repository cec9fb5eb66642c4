namespace ModelRegistry;

/// <summary>
/// The live state of one route: its circuit breaker (closed → open after failures → half-open after the cooldown,
/// when exactly one probe call decides), an upstream <c>Retry-After</c> pause, and its rate limits. When its state is
/// shared with other processes (<see cref="Shared"/>), the store admits its calls and holds its windows, and this state
/// also mirrors the shared circuit as the store last reported it: a route another process opened or paused is then
/// unavailable here too.
/// </summary>
internal sealed class RouteState : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private readonly int _failureThreshold;
    private readonly TimeSpan _maxPause;
    private RouteCircuitState _state = RouteCircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil;
    private DateTimeOffset _pausedUntil;
    private bool _probeInFlight;
    private DateTimeOffset _probeStarted;
    private CircuitReading _sharedCircuit;

    /// <param name="route">The route.</param>
    /// <param name="index">Its position among the routes of its model (where its client is).</param>
    /// <param name="options">The routing policy: cooldown, thresholds, queue, clock, shared store.</param>
    /// <param name="model">The routed model's id (names its shared state).</param>
    public RouteState(RouteDefinition route, int index, RoutedChatClientOptions options, string model)
    {
        Route = route;
        Index = index;
        _time = options.TimeProvider;
        _cooldown = options.Cooldown;
        _failureThreshold = Math.Max(1, options.FailureThreshold);
        _maxPause = options.MaxRoutePause > TimeSpan.Zero ? options.MaxRoutePause : TimeSpan.Zero;
        Bounds = new RouteBounds(route, options);
        Limits = new RouteRateLimits(
            route.RequestsPerMinute,
            [(route.TokensPerMinute, TimeSpan.FromMinutes(1)), (route.TokensPerHour, TimeSpan.FromHours(1)), (route.TokensPerDay, TimeSpan.FromDays(1))],
            Math.Max(0, options.QueueLimit), _time);
        Shared = options.StateStore is { } store ? new SharedRouteState(store, model, route, options) : null;
        QueueLimit = Math.Max(0, options.QueueLimit);
        MaxPause = _maxPause;
        FailureThreshold = _failureThreshold;
        Cooldown = _cooldown;
        Time = _time;
    }

    /// <summary>The route's state in a store shared with other processes, or <see langword="null"/> when it is kept here.</summary>
    public SharedRouteState? Shared { get; }

    /// <summary>Calls that may wait for the route's windows (a shared store's as well).</summary>
    public int QueueLimit { get; }

    public TimeSpan MaxPause { get; }

    public int FailureThreshold { get; }

    public TimeSpan Cooldown { get; }

    public TimeProvider Time { get; }

    private int _sharedWaiting;

    /// <summary>Joins the calls of this process waiting for a shared window to free, unless <see cref="QueueLimit"/> are waiting.</summary>
    public bool TryWaitForShared()
    {
        if (Interlocked.Increment(ref _sharedWaiting) <= QueueLimit)
        {
            return true;
        }

        Interlocked.Decrement(ref _sharedWaiting);
        return false;
    }

    /// <summary>Leaves the calls waiting for a shared window.</summary>
    public void StopWaitingForShared() => Interlocked.Decrement(ref _sharedWaiting);

    /// <summary>Takes the shared circuit as the store reported it: its cooldown and pause count here until they end.</summary>
    public void MirrorShared(CircuitReading circuit)
    {
        lock (_gate)
        {
            _sharedCircuit = circuit;
        }
    }

    public RouteDefinition Route { get; }

    /// <summary>The route's position among the routes of its model: <see cref="RouteSet{TClient}.Clients"/> holds its client there.</summary>
    public int Index { get; }

    public RouteRateLimits Limits { get; }

    /// <summary>The route's time bounds and output-token limit for one call.</summary>
    public RouteBounds Bounds { get; }

    /// <summary>Whether a call may be sent now, without claiming the half-open probe.</summary>
    public bool IsAvailable(out TimeSpan? availableIn)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset until = UnavailableUntilLocked(now);
            availableIn = until > now ? until - now : null;
            return until <= now && !(_state == RouteCircuitState.HalfOpen && ProbeBusyLocked(now));
        }
    }

    /// <summary>Claims the route for one call; <paramref name="isProbe"/> tells the caller it holds the half-open probe.</summary>
    public bool TryEnter(out bool isProbe)
    {
        lock (_gate)
        {
            isProbe = false;
            DateTimeOffset now = _time.GetUtcNow();
            if (UnavailableUntilLocked(now) > now)
            {
                return false;
            }

            if (_state == RouteCircuitState.Open)
            {
                _state = RouteCircuitState.HalfOpen;
                _probeInFlight = false;
            }

            if (_state == RouteCircuitState.HalfOpen)
            {
                if (ProbeBusyLocked(now))
                {
                    return false;
                }

                _probeInFlight = true;
                _probeStarted = now;
                isProbe = true;
            }

            return true;
        }
    }

    /// <summary>Gives the probe back when the call never reached the route (its queue was full).</summary>
    public void Release(bool isProbe)
    {
        if (isProbe)
        {
            lock (_gate)
            {
                _probeInFlight = false;
            }
        }
    }

    /// <summary>The route answered: its circuit closes. Returns whether it was not closed before.</summary>
    public bool RecordSuccess()
    {
        lock (_gate)
        {
            bool recovered = _state != RouteCircuitState.Closed;
            _state = RouteCircuitState.Closed;
            _consecutiveFailures = 0;
            _probeInFlight = false;
            return recovered;
        }
    }

    /// <summary>The route failed in a way another route might not: counts toward opening its circuit and honours
    /// the provider's <c>Retry-After</c>, up to <see cref="RoutedChatClientOptions.MaxRoutePause"/> (an upstream that asks
    /// for a day must not take the route away for a day). Returns whether the circuit opened now.</summary>
    /// <param name="retryAfter">The pause the upstream asked for, if any.</param>
    /// <param name="openNow">Open the circuit whatever the failure threshold (a failure that repeats on every call, such as a refused key).</param>
    public bool RecordFailure(TimeSpan? retryAfter, bool openNow = false)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (retryAfter is { } pause && pause > TimeSpan.Zero)
            {
                _pausedUntil = now + (pause < _maxPause ? pause : _maxPause);
            }

            _consecutiveFailures++;
            _probeInFlight = false;
            if (openNow || _state == RouteCircuitState.HalfOpen || _consecutiveFailures >= _failureThreshold)
            {
                bool opened = _state != RouteCircuitState.Open;
                _state = RouteCircuitState.Open;
                _openUntil = now + _cooldown;
                return opened;
            }

            return false;
        }
    }

    public RouteStatus GetStatus()
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset until = UnavailableUntilLocked(now);
            RouteCircuitState state = _state == RouteCircuitState.Open && _openUntil <= now ? RouteCircuitState.HalfOpen : _state;
            if (_sharedCircuit.OpenUntil is { } sharedOpen && state == RouteCircuitState.Closed)
            {
                // Another process opened it: open while its cooldown runs, then half-open until a probe decides.
                state = sharedOpen > now ? RouteCircuitState.Open : RouteCircuitState.HalfOpen;
            }

            DateTimeOffset pausedUntil = _sharedCircuit.PausedUntil is { } sharedPause && sharedPause > _pausedUntil ? sharedPause : _pausedUntil;
            return new RouteStatus(Route.Name, Route.Weight, Route.IsLocal, Route.Endpoint, state, Math.Max(_consecutiveFailures, _sharedCircuit.Failures), until > now ? until : null)
            {
                PausedUntil = pausedUntil > now ? pausedUntil : null,
            };
        }
    }

    /// <summary>Whether a probe is out. One that has been out for a whole cooldown is taken as lost (its caller never
    /// reported back), so a new probe may go: a route can never be stuck half-open.</summary>
    private bool ProbeBusyLocked(DateTimeOffset now) => _probeInFlight && now - _probeStarted < _cooldown;

    private DateTimeOffset UnavailableUntilLocked(DateTimeOffset now)
    {
        DateTimeOffset until = _pausedUntil;
        if (_state == RouteCircuitState.Open && _openUntil > until)
        {
            until = _openUntil;
        }

        // The shared circuit as last reported: another process's cooldown or pause keeps this one away too.
        if (_sharedCircuit.OpenUntil is { } sharedOpen && sharedOpen > until)
        {
            until = sharedOpen;
        }

        if (_sharedCircuit.PausedUntil is { } sharedPause && sharedPause > until)
        {
            until = sharedPause;
        }

        return until > now ? until : now;
    }

    public void Dispose() => Limits.Dispose();
}

using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// The one attempt loop of routing, for streamed and non-streamed chat calls and embedding calls alike: plans the
/// routes, admits the call onto each in turn, bounds the attempt (<see cref="RouteBounds"/>), records the route's
/// failure or success, and moves a call that failed on its route (<see cref="UpstreamFailure.IsRouteFailure"/>) to the
/// next one.
/// </summary>
/// <typeparam name="TClient">What serves a route: <see cref="IChatClient"/>, or an embedding generator.</typeparam>
/// <param name="set">The routes and their clients.</param>
/// <param name="options">The routing policy.</param>
/// <param name="model">The routed model's id.</param>
/// <param name="operation">What an attempt's activity is named after (<c>chat</c>, <c>embeddings</c>).</param>
/// <param name="logger">Where routing logs.</param>
internal sealed class RouteAttemptExecutor<TClient>(RouteSet<TClient> set, RoutedChatClientOptions options, string model, string operation, ILogger logger)
    where TClient : class, IDisposable
{
    private readonly RouteState[] _routes = set.States;
    private readonly RoutePlanner _planner = new(set.States, options.RandomSource ?? Random.Shared.NextDouble);
    private readonly AttemptTelemetry _telemetry = new(operation, model);

    /// <summary>Runs the call on the first route that serves it; the caller owns the returned attempt.</summary>
    /// <exception cref="NoRouteAvailableException">Every route is cooling down or paused.</exception>
    /// <exception cref="RateLimitExceededException">Every route's queue is full.</exception>
    /// <exception cref="ContextWindowExceededException">The estimated prompt is larger than every route's context window.</exception>
    public async ValueTask<RouteAttempt<T>> RunAsync<TRequest, T>(
        IRouteCall<TClient, TRequest, T> call, TRequest request, long inputEstimate, CancellationToken cancellationToken)
    {
        if (ContextWindow.TooLargeForEvery(_routes, inputEstimate) is { } largest)
        {
            // Decided before any route is planned or admitted: no upstream could take the prompt.
            RoutingLog.PromptTooLarge(logger, model, inputEstimate, largest);
            throw ContextWindow.Exceeded(model, inputEstimate, largest);
        }

        var attempts = new AttemptLog();
        foreach (RouteState route in _planner.Plan(attempts))
        {
            if (route.Route.MaxInputTokens is { } window && inputEstimate > window)
            {
                // A route with a smaller window than its siblings: skipped before it is admitted, so it spends nothing.
                RoutingLog.RouteWindowSkipped(logger, model, route.Route.Name, inputEstimate, window);
                attempts.TooLarge(inputEstimate, window);
                continue;
            }

            TRequest routeRequest = call.ForRoute(route, request);
            long reservation = call.OutputReservation(routeRequest, options.Profile);
            RouteAdmission admission = await RouteAdmission.TryAdmitAsync(route, inputEstimate, reservation, attempts, cancellationToken).ConfigureAwait(false);
            if (!admission.IsAdmitted)
            {
                if (admission.QueueFull)
                {
                    RoutingLog.QueueFull(logger, model, route.Route.Name);
                    AttemptTelemetry.Refused(route);
                }

                continue;
            }

            RouteLease lease = admission.Lease!;
            RoutingLog.RouteChosen(logger, model, route.Route.Name);
            Activity? activity = _telemetry.StartAttempt(route, call.Streaming);
            long started = Stopwatch.GetTimestamp();
            TimeSpan limit = call.Streaming ? route.Bounds.FirstContent : route.Bounds.Attempt;
            CancellationTokenSource? bound = StartBound(limit, cancellationToken);
            bool handedOver = false;
            try
            {
                RouteCallResult<T> result;
                try
                {
                    result = await call.SendAsync(set.Clients[route.Index], routeRequest, bound?.Token ?? cancellationToken, cancellationToken).ConfigureAwait(false);
                    if (result.Pending is { } answer)
                    {
                        result = new(await answer.ConfigureAwait(false), null);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The attempt failed (a whole answer's failure is thrown): decided below, as a failure that came back.
                    result = new(default, ExceptionDispatchInfo.Capture(exception));
                }
                catch (Exception exception)
                {
                    // Only the caller's cancellation gets here: the route did nothing wrong, and its probe is free again.
                    route.Release(admission.IsProbe);
                    AttemptTelemetry.Ended(exception, activity);
                    throw;
                }

                ExceptionDispatchInfo? failure = result.Failure;
                if (bound is not null)
                {
                    // The answer (or a stream's first content) arrived: disarm the bound. Had it fired first, nothing has
                    // reached the caller yet, so the route counts as silent and the call may still move on.
                    bound.CancelAfter(Timeout.InfiniteTimeSpan);
                    if (Expired(bound, cancellationToken) &&
                        (call.Streaming || failure is not null && UpstreamFailure.IsRouteFailure(failure.SourceException, cancellationToken)))
                    {
                        failure = ExceptionDispatchInfo.Capture(TimedOut(route, limit, call.Streaming, failure?.SourceException));
                    }
                }

                if (failure is not null)
                {
                    if (result.Value is { } produced)
                    {
                        await call.DiscardAsync(produced).ConfigureAwait(false);
                    }

                    if (UpstreamFailure.IsRouteFailure(failure.SourceException, cancellationToken))
                    {
                        lease.Reconcile(0);
                        bool opened = Failed(route, failure.SourceException, activity, attempts);
                        if (route.Shared is { } shared)
                        {
                            await ShareFailureAsync(route, shared, failure.SourceException, openedHere: opened).ConfigureAwait(false);
                        }

                        continue;
                    }

                    // The route answered (with a request error): the route itself is fine.
                    route.Release(admission.IsProbe);
                    AttemptTelemetry.Ended(failure.SourceException, activity);
                    failure.Throw();
                }

                Succeeded(route, activity, call.Streaming ? started : null);
                if (lease.Shared is { CircuitNeedsSuccess: true } held)
                {
                    // Only a route whose shared circuit had failures (or was not closed) costs a write on success.
                    held.Route.Store.RecordSuccess(held.Route.Circuit);
                    route.MirrorShared(default);
                }

                handedOver = true;
                return new RouteAttempt<T>(route, lease, activity, bound, result.Value!);
            }
            finally
            {
                if (!handedOver)
                {
                    bound?.Dispose();
                    activity?.Dispose();
                    lease.Dispose();
                }
            }
        }

        throw attempts.ToException(model, _routes);
    }

    /// <summary>A stream that failed after content reached the caller: it is committed to its route and fails.</summary>
    public void CommittedStreamFailed(RouteState route, Activity? activity, Exception exception)
    {
        RoutingLog.CommittedStreamFailed(logger, model, route.Route.Name, exception);
        AttemptTelemetry.CommittedStreamFailed(route, activity);
    }

    /// <summary>The timer that ends one attempt on a route (its cancellation follows the caller's too), or
    /// <see langword="null"/> when the route has no bound.</summary>
    private static CancellationTokenSource? StartBound(TimeSpan limit, CancellationToken cancellationToken)
    {
        if (limit == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        CancellationTokenSource bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        return bound;
    }

    /// <summary>Whether the route's bound ended the attempt (and not the caller, whose cancellation is never a route failure).</summary>
    private static bool Expired(CancellationTokenSource bound, CancellationToken cancellationToken) =>
        bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

    /// <summary>The failure of a route that stayed silent past its bound.</summary>
    private ChatProviderException TimedOut(RouteState route, TimeSpan limit, bool streaming, Exception? inner)
    {
        string seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        string what = streaming ? "sent no content" : "did not answer";
        return new ChatProviderException(
            $"Route {route.Route.Name} of {model} {what} within {seconds} s; the route counts as failed.",
            route.Route.Name, statusCode: null, innerException: new TimeoutException($"The route's bound of {seconds} s ran out.", inner));
    }

    /// <summary>Records a route failure that moves the call on; returns whether the route's circuit opened now.</summary>
    private bool Failed(RouteState route, Exception exception, Activity? activity, AttemptLog attempts)
    {
        attempts.Failed(exception);
        AttemptTelemetry.FellBack(route, exception, activity);
        RoutingLog.FallingBack(logger, model, route.Route.Name, Describe(exception));
        if (route.RecordFailure(RetryAfter(exception), openNow: IsRefusal(exception)))
        {
            RouteStatus status = route.GetStatus();
            RoutingLog.RouteOpened(logger, model, route.Route.Name, options.Cooldown.TotalSeconds, status.ConsecutiveFailures);
            return true;
        }

        return false;
    }

    /// <summary>Counts the failure against the route's shared circuit too, and mirrors the answer: when the failures of
    /// every process together reach the threshold, the route opens for all of them. Awaited (on the failure path only), so
    /// that a call which left a route open has told the other processes before it answers.</summary>
    private async ValueTask ShareFailureAsync(RouteState route, SharedRouteState shared, Exception exception, bool openedHere)
    {
        TimeSpan? pause = RetryAfter(exception) is { } wait && wait > TimeSpan.Zero ? (wait < route.MaxPause ? wait : route.MaxPause) : null;
        CircuitReading circuit = await shared.Store.RecordFailureAsync(
            shared.Circuit, new CircuitFailure(pause, IsRefusal(exception), route.FailureThreshold, route.Cooldown), CancellationToken.None).ConfigureAwait(false);
        route.MirrorShared(circuit);
        if (circuit.OpenedNow && !openedHere)
        {
            RoutingLog.RouteOpened(logger, model, route.Route.Name, options.Cooldown.TotalSeconds, circuit.Failures);
        }
    }

    private static TimeSpan? RetryAfter(Exception exception) => exception is ChatProviderException { RetryAfter: { } wait } ? wait : null;

    /// <summary>A refused key will be refused again: the route cools down now, whatever the failure threshold.</summary>
    private static bool IsRefusal(Exception exception) =>
        exception is ChatProviderException { StatusCode: var refusedWith } && UpstreamFailure.IsCredentialRefusal(refusedWith);

    private void Succeeded(RouteState route, Activity? activity, long? streamStarted)
    {
        AttemptTelemetry.Succeeded(route, activity, streamStarted);
        if (route.RecordSuccess())
        {
            RoutingLog.RouteRecovered(logger, model, route.Route.Name);
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        ChatProviderException { StatusCode: { } status } when UpstreamFailure.IsCredentialRefusal(status) =>
            $"HTTP {(int)status}: the upstream refused the route's credentials; check the route's API key",
        ChatProviderException provider when UpstreamFailure.IsUnexpectedBody(provider) => "a success status with a body that is not the expected JSON",
        ChatProviderException { InnerException: TimeoutException } provider => provider.Message,
        ChatProviderException { StatusCode: { } status } => $"HTTP {(int)status}",
        ChatProviderException provider => provider.InnerException?.GetType().Name ?? "stream error",
        _ => exception.GetType().Name,
    };
}

/// <summary>A call that a route took: the route, its lease, the attempt's activity and bound, and what it produced.
/// Disposing it ends the attempt (a stream's bound stays alive until then: the stream's token is the bound's).</summary>
internal readonly struct RouteAttempt<T>(RouteState route, RouteLease lease, Activity? activity, CancellationTokenSource? bound, T value) : IDisposable
{
    public RouteState Route { get; } = route;

    public RouteLease Lease { get; } = lease;

    public Activity? Activity { get; } = activity;

    public T Value { get; } = value;

    public void Dispose()
    {
        bound?.Dispose();
        Activity?.Dispose();
        Lease.Dispose();
    }
}

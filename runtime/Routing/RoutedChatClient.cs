using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>
/// An <see cref="IChatClient"/> that spreads one model over several routes: it picks a route by weight, moves a call
/// that fails on its route (connection, timeout, 408, 409, 425, 429, 5xx, a 401/403 refusing the route's key, a 200
/// whose body is not the expected JSON, a stream that breaks before its first content, or a route that stays silent
/// past its bound: <see cref="ChatRoute.Timeout"/>, <see cref="RoutedChatClientOptions.FirstContentTimeout"/>,
/// <see cref="RoutedChatClientOptions.AttemptTimeout"/>) to the next route by weight, cools failing routes down
/// (circuit breaker with a half-open probe), honours each route's rate limits with a bounded queue, clamps
/// <c>max_tokens</c> to each route's limit, and prices every call (see <see cref="RoutedCallInfo"/>).
/// </summary>
/// <remarks>
/// Once a stream has passed content to the caller it is committed to its route: a later failure is thrown to the
/// caller, never answered by splicing another route's output onto what was already sent.
/// <c>LoadChatModel</c> returns this client for a model whose profile declares <c>routes</c>; it can also be built in
/// code with <see cref="RoutedChatClientOptions"/>.
/// </remarks>
public sealed class RoutedChatClient : IChatClient
{
    private readonly RouteState[] _routes;
    private readonly RoutedChatClientOptions _options;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly string _model;
    private readonly string _activityName;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client; drops local routes when offloading (see <see cref="RoutedChatClientOptions.Offload"/>).</summary>
    /// <exception cref="ModelConfigurationException">No route remains, or a route's weight is negative or not a number.</exception>
    public RoutedChatClient(RoutedChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _model = options.ModelId ?? options.Profile?.Model ?? "routed model";
        _logger = options.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;
        _random = options.RandomSource ?? Random.Shared.NextDouble;

        bool offload = options.Offload ?? OffloadPolicy.IsOffloadRequested();
        Uri? localBaseUrl = options.LocalBaseUrl ?? (offload ? OffloadPolicy.ReadLocalBaseUrl() : null);
        var kept = new List<RouteState>();
        var dropped = new List<string>();
        foreach (ChatRoute route in options.Routes)
        {
            ArgumentNullException.ThrowIfNull(route);
            if (!double.IsFinite(route.Weight) || route.Weight < 0)
            {
                throw new ModelConfigurationException($"Route '{route.Name}' of {_model} has weight {route.Weight}; a weight is a finite number of at least 0.", route.Name, null);
            }

            if (offload && OffloadPolicy.DropReason(route, localBaseUrl) is { } why)
            {
                RoutingLog.RouteOffloaded(_logger, _model, route.Name, why);
                dropped.Add($"{route.Name} ({why})");
                route.Client.Dispose();
                continue;
            }

            kept.Add(new RouteState(route, options));
        }

        if (kept.Count == 0)
        {
            throw new ModelConfigurationException(
                dropped.Count == 0
                    ? $"{_model} has no route."
                    : $"{_model} has no route left under {OffloadPolicy.OffloadVariable}=1: dropped {string.Join(", ", dropped)}. Add a remote route or unset {OffloadPolicy.OffloadVariable}.",
                _model, OffloadPolicy.OffloadVariable);
        }

        _routes = [.. kept];
        _activityName = "chat " + _model;
        _metadata = new ChatClientMetadata("routed", _routes[0].Route.Endpoint, _model);
    }

    /// <summary>The routes in use (after <c>OFFLOAD</c> filtering), in declaration order.</summary>
    public IReadOnlyList<ChatRoute> Routes => _routes.Select(r => r.Route).ToArray();

    /// <summary>The live state of every route: circuit, failures, cooldown or pause.</summary>
    public IReadOnlyList<RouteStatus> GetRouteStatuses() => _routes.Select(r => r.GetStatus()).ToArray();

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        (IList<ChatMessage> history, long inputEstimate, int images) = ReadHistory(messages, options);
        var attempts = new AttemptLog();
        foreach (RouteState route in Plan(attempts))
        {
            ChatOptions? routeOptions = route.Bounds.Clamp(options);
            if (await AdmitAsync(route, inputEstimate, routeOptions, attempts, cancellationToken).ConfigureAwait(false) is not { } admission)
            {
                continue;
            }

            using RouteLease lease = admission.Lease;
            bool isProbe = admission.IsProbe;

            using Activity? activity = StartActivity(route, streaming: false);
            using CancellationTokenSource? bound = StartBound(route.Bounds.Attempt, cancellationToken);
            ChatResponse response;
            try
            {
                response = await route.Route.Client.GetResponseAsync(history, routeOptions, bound?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (UpstreamFailure.IsRouteFailure(exception, cancellationToken))
            {
                lease.Reconcile(0);
                Failed(route, Expired(bound, cancellationToken) ? TimedOut(route, route.Bounds.Attempt, streaming: false, exception) : exception, activity, attempts);
                continue;
            }
            catch (Exception exception)
            {
                // The route answered (with a request error) or the caller cancelled: the route itself is fine.
                route.Release(isProbe);
                activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                throw;
            }

            Succeeded(route);
            RoutedCallInfo info = Account(route, response.Usage, inputEstimate, response.Messages, images, out UsageDetails usage, activity);
            response.Usage = usage;
            lease.Reconcile(usage.TotalTokenCount ?? 0);
            info.WriteTo(response.AdditionalProperties ??= []);
            return response;
        }

        throw attempts.ToException(_model, this);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (IList<ChatMessage> history, long inputEstimate, int images) = ReadHistory(messages, options);
        var attempts = new AttemptLog();
        foreach (RouteState route in Plan(attempts))
        {
            ChatOptions? routeOptions = route.Bounds.Clamp(options);
            if (await AdmitAsync(route, inputEstimate, routeOptions, attempts, cancellationToken).ConfigureAwait(false) is not { } admission)
            {
                continue;
            }

            using RouteLease lease = admission.Lease;
            bool isProbe = admission.IsProbe;

            using Activity? activity = StartActivity(route, streaming: true);
            long started = Stopwatch.GetTimestamp();

            // The bound runs until the first content; the stream's token stays the bound's (it follows the caller's).
            using CancellationTokenSource? bound = StartBound(route.Bounds.FirstContent, cancellationToken);
            CancellationToken routeToken = bound?.Token ?? cancellationToken;
            await using IAsyncEnumerator<ChatResponseUpdate> stream =
                route.Route.Client.GetStreamingResponseAsync(history, routeOptions, routeToken).GetAsyncEnumerator(routeToken);

            // Read until the first content: until then a failure may still move the call to another route.
            StreamOpening opening;
            try
            {
                opening = await OpenAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Only the caller's cancellation gets here: the route did nothing wrong, and its probe is free again.
                route.Release(isProbe);
                throw;
            }

            ExceptionDispatchInfo? failure = opening.Failure;
            if (bound is not null)
            {
                // Content (or the end) arrived: disarm the bound. Had it fired first, nothing has reached the caller
                // yet, so the route still counts as silent and the call may still move on.
                bound.CancelAfter(Timeout.InfiniteTimeSpan);
                if (Expired(bound, cancellationToken))
                {
                    failure = ExceptionDispatchInfo.Capture(TimedOut(route, route.Bounds.FirstContent, streaming: true, failure?.SourceException));
                }
            }

            if (failure is not null)
            {
                if (UpstreamFailure.IsRouteFailure(failure.SourceException, cancellationToken))
                {
                    lease.Reconcile(0);
                    Failed(route, failure.SourceException, activity, attempts);
                    continue;
                }

                route.Release(isProbe);
                failure.Throw();
            }

            Succeeded(route);
            if (RoutingTelemetry.TimeToFirstToken.Enabled || activity is not null)
            {
                double secondsToFirst = Stopwatch.GetElapsedTime(started).TotalSeconds;
                RoutingTelemetry.TimeToFirstToken.Record(secondsToFirst, new KeyValuePair<string, object?>("route", route.Route.Name));
                activity?.SetTag("modelregistry.time_to_first_token_s", secondsToFirst);
            }

            var tracker = new StreamTracker(images);
            foreach (ChatResponseUpdate update in opening.Buffered)
            {
                tracker.Observe(update, this, route, inputEstimate, activity);
                yield return update;
            }

            while (opening.HasMore)
            {
                bool moved;
                try
                {
                    moved = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Committed: content already reached the caller, so no other route may finish this answer.
                    RoutingLog.CommittedStreamFailed(_logger, _model, route.Route.Name, exception);
                    activity?.SetStatus(ActivityStatusCode.Error, "stream failed after content");
                    CountCall(route, "failure");
                    lease.Reconcile(inputEstimate + tracker.OutputEstimate);
                    throw;
                }

                if (!moved)
                {
                    break;
                }

                ChatResponseUpdate update = stream.Current;
                tracker.Observe(update, this, route, inputEstimate, activity);
                yield return update;
            }

            if (tracker.Final is null)
            {
                // The provider sent no usage: report an estimate, marked as one, in a last update of its own.
                var usageUpdate = new ChatResponseUpdate
                {
                    ResponseId = tracker.ResponseId,
                    ModelId = tracker.ModelId,
                    Contents = [],
                };
                RoutedCallInfo info = Account(route, null, inputEstimate, tracker.OutputCharacters, tracker.Images, out UsageDetails usage, activity);
                usageUpdate.Contents.Add(new UsageContent(usage));
                info.WriteTo(usageUpdate.AdditionalProperties ??= []);
                tracker.Final = usage;
                lease.Reconcile(usage.TotalTokenCount ?? 0);
                yield return usageUpdate;
            }
            else
            {
                lease.Reconcile(tracker.Final.TotalTokenCount ?? 0);
            }

            yield break;
        }

        throw attempts.ToException(_model, this);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType.IsInstanceOfType(this))
            {
                return this;
            }

            if (serviceType == typeof(ChatClientMetadata))
            {
                return _metadata;
            }

            if (serviceType == typeof(ModelProfile))
            {
                return _options.Profile;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (RouteState route in _routes)
        {
            route.Dispose();
        }
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
    private static bool Expired(CancellationTokenSource? bound, CancellationToken cancellationToken) =>
        bound is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested;

    /// <summary>The failure of a route that stayed silent past its bound.</summary>
    private ChatProviderException TimedOut(RouteState route, TimeSpan limit, bool streaming, Exception? inner)
    {
        string seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        string what = streaming ? "sent no content" : "did not answer";
        return new ChatProviderException(
            $"Route {route.Route.Name} of {_model} {what} within {seconds} s; the route counts as failed.",
            route.Route.Name, statusCode: null, innerException: new TimeoutException($"The route's bound of {seconds} s ran out.", inner));
    }

    /// <summary>The routes in the order to try them: one picked by weight among those available now, then the rest by
    /// descending weight (declaration order among equals).</summary>
    private RouteState[] Plan(AttemptLog attempts)
    {
        if (_routes.Length == 1)
        {
            // The common single-route model: nothing to pick or sort, and no list per call.
            if (_routes[0].IsAvailable(out TimeSpan? wait))
            {
                return _routes;
            }

            attempts.Unavailable(wait);
            return [];
        }

        var available = new List<RouteState>(_routes.Length);
        foreach (RouteState route in _routes)
        {
            if (route.IsAvailable(out TimeSpan? availableIn))
            {
                available.Add(route);
            }
            else
            {
                attempts.Unavailable(availableIn);
            }
        }

        double total = 0;
        foreach (RouteState route in available)
        {
            total += route.Route.Weight;
        }

        int first = -1;
        if (total > 0)
        {
            double pick = _random() * total;
            for (int i = 0; i < available.Count; i++)
            {
                pick -= available[i].Route.Weight;
                if (pick < 0 || i == available.Count - 1)
                {
                    first = available[i].Route.Weight > 0 ? i : LastPositive(available);
                    break;
                }
            }
        }

        var plan = new RouteState[available.Count];
        int next = 0;
        if (first >= 0)
        {
            plan[next++] = available[first];
            available.RemoveAt(first);
        }

        // A stable insertion sort by descending weight: a handful of routes, declaration order kept among equals.
        foreach (RouteState route in available)
        {
            int at = next++;
            while (at > (first >= 0 ? 1 : 0) && plan[at - 1].Route.Weight < route.Route.Weight)
            {
                plan[at] = plan[at - 1];
                at--;
            }

            plan[at] = route;
        }

        return plan;
    }

    private static int LastPositive(List<RouteState> routes)
    {
        for (int i = routes.Count - 1; i >= 0; i--)
        {
            if (routes[i].Route.Weight > 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The conversation as a list, with the estimates routing needs before any route answers: input tokens
    /// (for rate limits and unreported usage) and images (for pricing).</summary>
    private static (IList<ChatMessage> History, long InputEstimate, int Images) ReadHistory(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        return (history, UsageEstimator.EstimateInputTokens(history, options), UsageEstimator.CountImages(history));
    }

    /// <summary>Lets a call onto a planned route: claims it (a half-open circuit lets one probe through) and waits for its
    /// rate limits. <see langword="null"/> when the route is skipped: its circuit turns the call away, or its queue of
    /// waiting calls is full (recorded in <paramref name="attempts"/>).</summary>
    private async ValueTask<RouteAdmission?> AdmitAsync(
        RouteState route, long inputEstimate, ChatOptions? options, AttemptLog attempts, CancellationToken cancellationToken)
    {
        if (!route.TryEnter(out bool isProbe))
        {
            return null;
        }

        RouteLease lease = await AcquireAsync(route, isProbe, inputEstimate, options, cancellationToken).ConfigureAwait(false);
        if (lease.IsRefused)
        {
            route.Release(isProbe);
            attempts.Refused(lease.RefusedRetryAfter);
            Refused(route);
            lease.Dispose();
            return null;
        }

        return new RouteAdmission(lease, isProbe);
    }

    /// <summary>A call let onto a route: its rate-limit lease, and whether it is the half-open circuit's probe.</summary>
    private readonly record struct RouteAdmission(RouteLease Lease, bool IsProbe);

    /// <summary>Waits for the route's rate limits; a caller that gives up while waiting hands a claimed probe back.</summary>
    private async ValueTask<RouteLease> AcquireAsync(RouteState route, bool isProbe, long inputEstimate, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (!route.Limits.IsLimited)
        {
            return RouteLease.Unlimited;
        }

        long output = options?.MaxOutputTokens ?? _options.Profile?.MaxOutputTokens ?? DefaultOutputReservation;
        try
        {
            return await route.Limits.AcquireAsync(inputEstimate + output, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            route.Release(isProbe);
            throw;
        }
    }

    /// <summary>Tokens reserved for the answer of a call that sets no output limit, on a model whose profile gives none.</summary>
    private const int DefaultOutputReservation = 1024;

    private Activity? StartActivity(RouteState route, bool streaming)
    {
        RoutingLog.RouteChosen(_logger, _model, route.Route.Name);
        if (!RoutingTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(_activityName, ActivityKind.Client);
        activity?.SetTag("modelregistry.model", _model);
        activity?.SetTag("modelregistry.route", route.Route.Name);
        activity?.SetTag("modelregistry.streaming", streaming);
        return activity;
    }

    private void Refused(RouteState route)
    {
        RoutingLog.QueueFull(_logger, _model, route.Route.Name);
        CountCall(route, "refused");
    }

    private void Failed(RouteState route, Exception exception, Activity? activity, AttemptLog attempts)
    {
        attempts.Failed(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        CountCall(route, "failure");
        RoutingTelemetry.Fallbacks.Add(1, Tag("route", route.Route.Name));
        RoutingLog.FallingBack(_logger, _model, route.Route.Name, Describe(exception));
        TimeSpan? retryAfter = exception is ChatProviderException { RetryAfter: { } wait } ? wait : null;
        // A refused key will be refused again: the route cools down now, whatever the failure threshold.
        bool refused = exception is ChatProviderException { StatusCode: var refusedWith } && UpstreamFailure.IsCredentialRefusal(refusedWith);
        if (route.RecordFailure(retryAfter, openNow: refused))
        {
            RouteStatus status = route.GetStatus();
            RoutingLog.RouteOpened(_logger, _model, route.Route.Name, _options.Cooldown.TotalSeconds, status.ConsecutiveFailures);
        }
    }

    private void Succeeded(RouteState route)
    {
        CountCall(route, "success");
        if (route.RecordSuccess())
        {
            RoutingLog.RouteRecovered(_logger, _model, route.Route.Name);
        }
    }

    private static void CountCall(RouteState route, string outcome)
    {
        if (RoutingTelemetry.Calls.Enabled)
        {
            RoutingTelemetry.Calls.Add(1, Tag("route", route.Route.Name), Tag("outcome", outcome));
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

    private RoutedCallInfo Account(RouteState route, UsageDetails? reported, long inputEstimate, IList<ChatMessage> answer, int images, out UsageDetails usage, Activity? activity)
    {
        long characters = 0;
        foreach (ChatMessage message in answer)
        {
            foreach (AIContent content in message.Contents)
            {
                characters += UsageEstimator.CountOutputCharacters(content);
            }
        }

        return Account(route, reported, inputEstimate, characters, images, out usage, activity);
    }

    /// <summary>Completes the usage (an estimate when none was reported), prices it and records the metrics.</summary>
    internal RoutedCallInfo Account(RouteState route, UsageDetails? reported, long inputEstimate, long outputCharacters, int images, out UsageDetails usage, Activity? activity)
    {
        bool estimated = reported is null || (reported.InputTokenCount is null && reported.OutputTokenCount is null);
        if (estimated)
        {
            long output = UsageEstimator.EstimateOutputTokens(outputCharacters);
            usage = new UsageDetails { InputTokenCount = inputEstimate, OutputTokenCount = output, TotalTokenCount = inputEstimate + output };
        }
        else
        {
            usage = reported!;
            usage.TotalTokenCount ??= (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
        }

        decimal? cost = CallPricing.Compute(route.Route.Pricing ?? _options.Profile?.Pricing, usage, images);
        string name = route.Route.Name;
        if (RoutingTelemetry.Tokens.Enabled)
        {
            // Only boxed when someone listens: the flag is an object in the tag list.
            RoutingTelemetry.Tokens.Add(usage.InputTokenCount ?? 0, Tag("route", name), Tag("direction", "input"), Tag("estimated", estimated));
            RoutingTelemetry.Tokens.Add(usage.OutputTokenCount ?? 0, Tag("route", name), Tag("direction", "output"), Tag("estimated", estimated));
        }

        if (cost is { } value && RoutingTelemetry.Cost.Enabled)
        {
            RoutingTelemetry.Cost.Add((double)value, Tag("route", name));
        }

        activity?.SetTag("modelregistry.input_tokens", usage.InputTokenCount);
        activity?.SetTag("modelregistry.output_tokens", usage.OutputTokenCount);
        activity?.SetTag("modelregistry.usage_estimated", estimated);
        activity?.SetTag("modelregistry.cost_usd", cost is { } c ? (double)c : null);
        return new RoutedCallInfo(name, estimated, cost);
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private static async ValueTask<StreamOpening> OpenAsync(IAsyncEnumerator<ChatResponseUpdate> stream, CancellationToken cancellationToken)
    {
        var buffered = new List<ChatResponseUpdate>();
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (HasContent(stream.Current))
                {
                    return new StreamOpening(buffered, HasMore: true, Failure: null);
                }
            }

            return new StreamOpening(buffered, HasMore: false, Failure: null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new StreamOpening(buffered, HasMore: false, ExceptionDispatchInfo.Capture(exception));
        }
    }

    /// <summary>Whether an update carries something of the answer (an empty role-only opening chunk does not).</summary>
    private static bool HasContent(ChatResponseUpdate update)
    {
        if (update.FinishReason is not null)
        {
            return true;
        }

        // Indexed: a foreach over the IList would box an enumerator for every streamed update.
        IList<AIContent> contents = update.Contents;
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            if (content is not TextContent { Text.Length: 0 } and not TextReasoningContent { Text.Length: 0 })
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct StreamOpening(List<ChatResponseUpdate> Buffered, bool HasMore, ExceptionDispatchInfo? Failure);

    /// <summary>Follows a committed stream: its ids, the characters it produced, and the usage it reported.</summary>
    private sealed class StreamTracker(int images)
    {
        public string? ResponseId { get; private set; }
        public string? ModelId { get; private set; }
        public long OutputCharacters { get; private set; }
        public int Images { get; } = images;
        public UsageDetails? Final { get; set; }
        public long OutputEstimate => UsageEstimator.EstimateOutputTokens(OutputCharacters);

        public void Observe(ChatResponseUpdate update, RoutedChatClient owner, RouteState route, long inputEstimate, Activity? activity)
        {
            ResponseId ??= update.ResponseId;
            ModelId ??= update.ModelId;
            // Indexed: a foreach over the IList would box an enumerator for every streamed update.
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                AIContent content = contents[i];
                if (content is UsageContent usageContent)
                {
                    RoutedCallInfo info = owner.Account(route, usageContent.Details, inputEstimate, OutputCharacters, Images, out UsageDetails usage, activity);
                    usageContent.Details = usage;
                    Final = usage;
                    info.WriteTo(update.AdditionalProperties ??= []);
                }
                else
                {
                    OutputCharacters += UsageEstimator.CountOutputCharacters(content);
                }
            }
        }
    }

    /// <summary>What happened to each route a call could not use, to explain the failure when none answered.</summary>
    private sealed class AttemptLog
    {
        private Exception? _lastFailure;
        private TimeSpan? _refusedRetryAfter;
        private TimeSpan? _unavailableFor;
        private bool _refused;

        public void Failed(Exception exception) => _lastFailure = exception;

        public void Refused(TimeSpan? retryAfter)
        {
            _refused = true;
            _refusedRetryAfter = Min(_refusedRetryAfter, retryAfter);
        }

        public void Unavailable(TimeSpan? availableIn) => _unavailableFor = Min(_unavailableFor, availableIn);

        public Exception ToException(string model, RoutedChatClient client)
        {
            if (_lastFailure is not null)
            {
                // The last route's own error says best what went wrong (its status maps to the gateway's answer).
                ExceptionDispatchInfo.Capture(_lastFailure).Throw();
            }

            if (_refused)
            {
                return new RateLimitExceededException(
                    $"{model}: every route is rate limited and its queue of waiting calls is full; retry after {Seconds(_refusedRetryAfter)} s.",
                    _refusedRetryAfter);
            }

            string states = string.Join(", ", client.GetRouteStatuses().Select(s => $"{s.Name} {s.State}"));
            return new NoRouteAvailableException(
                $"{model}: every route is cooling down or paused ({states}); retry after {Seconds(_unavailableFor)} s.", _unavailableFor);
        }

        private static string Seconds(TimeSpan? wait) =>
            Math.Ceiling((wait ?? TimeSpan.Zero).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
    }
}

using System.Runtime.CompilerServices;
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
public sealed partial class RoutedChatClient : IChatClient
{
    private readonly RouteSet<IChatClient> _routes;
    private readonly ChatRoute[] _chatRoutes;
    private readonly RoutedChatClientOptions _options;
    private readonly ILogger _logger;
    private readonly string _model;
    private readonly ChatClientMetadata _metadata;
    private readonly RouteAttemptExecutor<IChatClient> _executor;

    /// <summary>Creates the client; drops local routes when offloading (see <see cref="RoutedChatClientOptions.Offload"/>).</summary>
    /// <exception cref="ModelConfigurationException">No route remains, or a route's weight is negative or not a number.</exception>
    public RoutedChatClient(RoutedChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _model = options.ModelId ?? options.Profile?.Model ?? "routed model";
        _logger = options.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;

        bool offload = options.Offload ?? OffloadPolicy.IsOffloadRequested();
        Uri? localBaseUrl = options.LocalBaseUrl ?? (offload ? OffloadPolicy.ReadLocalBaseUrl() : null);
        var kept = new List<ChatRoute>();
        var routes = new List<(RouteDefinition, IChatClient)>();
        var dropped = new List<string>();
        foreach (ChatRoute route in options.Routes)
        {
            ArgumentNullException.ThrowIfNull(route);
            RouteDefinition definition = RouteDefinition.Of(route);
            if (offload && OffloadPolicy.DropReason(definition, localBaseUrl) is { } why)
            {
                RoutingLog.RouteOffloaded(_logger, _model, route.Name, why);
                dropped.Add($"{route.Name} ({why})");
                route.Client.Dispose();
                continue;
            }

            kept.Add(route);
            // Each route accounts its own calls (its name and pricing); a loaded model's own accounting layer is set aside.
            routes.Add((definition, new UsageAccountingChatClient(UsageAccountingChatClient.Unwrap(route.Client), route.Name, route.Pricing ?? options.Profile?.Pricing)));
        }

        if (kept.Count == 0)
        {
            throw new ModelConfigurationException(
                dropped.Count == 0
                    ? $"{_model} has no route."
                    : $"{_model} has no route left under {OffloadPolicy.OffloadVariable}=1: dropped {string.Join(", ", dropped)}. Add a remote route or unset {OffloadPolicy.OffloadVariable}.",
                _model, OffloadPolicy.OffloadVariable);
        }

        _routes = new RouteSet<IChatClient>(routes, options, _model);
        _chatRoutes = [.. kept];
        _metadata = new ChatClientMetadata("routed", _chatRoutes[0].Endpoint, _model);
        _executor = new RouteAttemptExecutor<IChatClient>(_routes, options, _model, "chat", _logger);
    }

    /// <summary>The routes in use (after <c>OFFLOAD</c> filtering), in declaration order.</summary>
    public IReadOnlyList<ChatRoute> Routes => _chatRoutes.ToArray();

    /// <summary>The live state of every route: circuit, failures, cooldown or pause.</summary>
    public IReadOnlyList<RouteStatus> GetRouteStatuses() => _routes.GetStatuses();

    /// <summary>A background health check found route <paramref name="index"/> (of <see cref="Routes"/>) down: its circuit
    /// opens, as after a failed call. Returns whether it opened now.</summary>
    internal bool RecordProbeFailure(int index) => _routes.RecordProbeFailure(index);

    /// <summary>A background health check found route <paramref name="index"/> up again: its circuit closes. Returns
    /// whether it was not closed before.</summary>
    internal bool RecordProbeSuccess(int index) => _routes.RecordProbeSuccess(index);

    /// <summary>Reads every route's shared circuit (when its state is shared with other processes) into its status, so
    /// that <see cref="GetRouteStatuses"/> shows what another process found; nothing to do when state is in process.</summary>
    internal ValueTask RefreshSharedStateAsync(CancellationToken cancellationToken) => _routes.RefreshSharedStateAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = ReadHistory(messages);
        RouteAttempt<ChatResponse> attempt = await _executor.RunAsync(
            ResponseRouteCall.Instance, new ChatRouteRequest(history, options), EstimateInput(history, options), cancellationToken).ConfigureAwait(false);
        using (attempt)
        {
            // The route's accounting layer completed the usage and wrote the call info.
            ChatResponse response = attempt.Value;
            if (response.Usage is { } usage)
            {
                Accounted(attempt.Route, attempt.Lease, attempt.Activity, usage, response.AdditionalProperties);
            }

            return response;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = ReadHistory(messages);
        long inputEstimate = EstimateInput(history, options);
        RouteAttempt<StreamOpening> attempt = await _executor.RunAsync(
            StreamRouteCall.Instance, new ChatRouteRequest(history, options), inputEstimate, cancellationToken).ConfigureAwait(false);
        using (attempt)
        {
            RouteState route = attempt.Route;
            StreamOpening opening = attempt.Value;
            await using IAsyncEnumerator<ChatResponseUpdate> stream = opening.Stream;

            // Only a rate-limited route (to reconcile its tokens) or a listener needs to look into the updates.
            StreamUsageWatch? watch = route.Limits.IsLimited || route.Shared is not null || AttemptTelemetry.WantsUsage(attempt.Activity) ? new StreamUsageWatch() : null;
            foreach (ChatResponseUpdate update in opening.Buffered)
            {
                watch?.Observe(update);
                yield return update;
            }

            bool more = opening.HasMore;
            while (more)
            {
                more = await NextOfCommittedAsync(stream, route, attempt.Lease, attempt.Activity, inputEstimate, watch?.OutputCharacters ?? 0, cancellationToken).ConfigureAwait(false);

                if (more)
                {
                    ChatResponseUpdate update = stream.Current;
                    watch?.Observe(update);
                    yield return update;
                }
            }

            if (watch?.Usage is { } usage)
            {
                Accounted(route, attempt.Lease, attempt.Activity, usage, watch.UsageProperties);
            }
        }
    }

    /// <summary>The next update (or batch of events) of a stream committed to its route: a failure now is the stream's, thrown to the
    /// caller (content already reached it, so no other route may finish this answer), its tokens reconciled as estimated.</summary>
    private async ValueTask<bool> NextOfCommittedAsync<T>(
        IAsyncEnumerator<T> stream, RouteState route, RouteLease lease, System.Diagnostics.Activity? activity, long inputEstimate, long outputCharacters,
        CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _executor.CommittedStreamFailed(route, activity, exception);
            lease.Reconcile(inputEstimate + UsageEstimator.EstimateOutputTokens(outputCharacters));
            throw;
        }
    }

    /// <summary>A call's accounted usage: the route's tokens reconciled, and reported to a listener.</summary>
    private static void Accounted(RouteState route, RouteLease lease, System.Diagnostics.Activity? activity, UsageDetails usage, AdditionalPropertiesDictionary? properties)
    {
        lease.Reconcile(usage.TotalTokenCount ?? 0);
        if (AttemptTelemetry.WantsUsage(activity))
        {
            AttemptTelemetry.Accounted(route, usage, RoutedCallInfo.ReadFrom(properties), activity);
        }
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
    public void Dispose() => _routes.Dispose();

    /// <summary>The conversation as a list (the routes may each be sent it).</summary>
    private static IList<ChatMessage> ReadHistory(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages as IList<ChatMessage> ?? messages.ToList();
    }

    /// <summary>The input tokens a rate-limited route reserves before it answers, and the prompt a route's context window
    /// is checked against; not computed when no route is limited and none has a window.</summary>
    private long EstimateInput(IList<ChatMessage> history, ChatOptions? options) =>
        _routes.AnyLimited || _routes.AnyWindow ? UsageEstimator.EstimateInputTokens(history, options) : 0;

    /// <summary>Follows a committed stream for its route's lease and telemetry: the characters it produced (the
    /// estimate of a stream that breaks) and the usage its accounting layer reported.</summary>
    private sealed class StreamUsageWatch
    {
        public long OutputCharacters { get; private set; }

        public UsageDetails? Usage { get; private set; }

        public AdditionalPropertiesDictionary? UsageProperties { get; private set; }

        public void Observe(ChatResponseUpdate update)
        {
            // Indexed: a foreach over the IList would box an enumerator for every streamed update.
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                if (contents[i] is UsageContent usage)
                {
                    Usage = usage.Details;
                    UsageProperties = update.AdditionalProperties;
                }
                else
                {
                    OutputCharacters += UsageEstimator.CountOutputCharacters(contents[i]);
                }
            }
        }
    }
}

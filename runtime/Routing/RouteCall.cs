using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One way of sending a call on a route, for <see cref="RouteAttemptExecutor{TClient}"/>: a chat call's whole answer, a
/// stream read until its first content (until then a failure may still move the call to another route), or a batch of
/// embeddings.
/// </summary>
/// <typeparam name="TClient">What serves a route (a chat client, an embedding generator).</typeparam>
/// <typeparam name="TRequest">What the caller asked for.</typeparam>
/// <typeparam name="T">What an attempt produces.</typeparam>
internal interface IRouteCall<TClient, TRequest, T>
{
    /// <summary>Whether the call streams: its bound is then <see cref="RouteBounds.FirstContent"/>, and a bound that
    /// fired before the first content fails the route even if content arrived just after.</summary>
    bool Streaming { get; }

    /// <summary>The request as <paramref name="route"/> takes it (a chat call's <c>max_tokens</c> clamped to the route's limit).</summary>
    TRequest ForRoute(RouteState route, TRequest request);

    /// <summary>The tokens a rate-limited route reserves for the answer, beyond the input estimate.</summary>
    long OutputReservation(TRequest routeRequest, ModelProfile? profile);

    /// <summary>Sends the call. A failure of the attempt comes back in <see cref="RouteCallResult{T}.Failure"/>, or is
    /// thrown, as a whole answer's is (<see cref="RouteCallResult.Of"/>): the executor counts any exception but the caller's
    /// own cancellation as the attempt's failure.</summary>
    ValueTask<RouteCallResult<T>> SendAsync(TClient client, TRequest request, CancellationToken routeToken, CancellationToken callerToken);

    /// <summary>Lets go of what a failed attempt produced (a stream's enumerator).</summary>
    ValueTask DiscardAsync(T value);
}

/// <summary>What one attempt produced, and the failure it met (if any); or, for a call that answers whole, the answer
/// still on its way (<see cref="Pending"/>).</summary>
internal readonly record struct RouteCallResult<T>(T? Value, ExceptionDispatchInfo? Failure)
{
    /// <summary>The whole answer's task, which the executor awaits itself (its failure is thrown there).</summary>
    public Task<T>? Pending { get; init; }
}

/// <summary>The result of a call that answers whole.</summary>
internal static class RouteCallResult
{
    /// <summary>The call's <paramref name="answer"/>, handed to the executor as it is: awaited there rather than in an
    /// async method of its own, so that a call costs one asynchronous layer (and its state machine) fewer.</summary>
    public static ValueTask<RouteCallResult<T>> Of<T>(Task<T> answer) => new(new RouteCallResult<T>(default, null) { Pending = answer });
}

/// <summary>A chat call: the conversation and the caller's options.</summary>
internal readonly record struct ChatRouteRequest(IList<ChatMessage> History, ChatOptions? Options);

/// <summary>What the two chat calls share: each route is sent its own output limit, and reserves it.</summary>
internal abstract class ChatRouteCall<T> : IRouteCall<IChatClient, ChatRouteRequest, T>
{
    /// <summary>Tokens reserved for the answer of a call that sets no output limit, on a model whose profile gives none.</summary>
    internal const int DefaultOutputReservation = 1024;

    public abstract bool Streaming { get; }

    public ChatRouteRequest ForRoute(RouteState route, ChatRouteRequest request) => request with { Options = route.Bounds.Clamp(request.Options) };

    public long OutputReservation(ChatRouteRequest routeRequest, ModelProfile? profile) =>
        routeRequest.Options?.MaxOutputTokens ?? profile?.MaxOutputTokens ?? DefaultOutputReservation;

    public abstract ValueTask<RouteCallResult<T>> SendAsync(IChatClient client, ChatRouteRequest request, CancellationToken routeToken, CancellationToken callerToken);

    public abstract ValueTask DiscardAsync(T value);
}

/// <summary>A non-streamed call: the route's whole answer.</summary>
internal sealed class ResponseRouteCall : ChatRouteCall<ChatResponse>
{
    public static readonly ResponseRouteCall Instance = new();

    public override bool Streaming => false;

    public override ValueTask<RouteCallResult<ChatResponse>> SendAsync(
        IChatClient client, ChatRouteRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        RouteCallResult.Of(client.GetResponseAsync(request.History, request.Options, routeToken));

    public override ValueTask DiscardAsync(ChatResponse value) => default;
}

/// <summary>A streamed call, opened until its first content: what arrived until then, and whether more follows.</summary>
internal sealed class StreamRouteCall : ChatRouteCall<StreamOpening>
{
    public static readonly StreamRouteCall Instance = new();

    public override bool Streaming => true;

    public override ValueTask<RouteCallResult<StreamOpening>> SendAsync(
        IChatClient client, ChatRouteRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        // The stream's token stays the route's bound (it follows the caller's); the bound is disarmed at the first content.
        StreamOpener.OpenAsync(
            client.GetStreamingResponseAsync(request.History, request.Options, routeToken).GetAsyncEnumerator(routeToken), HasContent,
            static (stream, buffered, hasMore) => new StreamOpening(stream, buffered, hasMore), callerToken);

    public override ValueTask DiscardAsync(StreamOpening value) => value.Stream.DisposeAsync();

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
}

/// <summary>A stream opened on a route: its enumerator (owned by whoever holds this), the updates read until its first
/// content, and whether the stream goes on after them.</summary>
internal readonly record struct StreamOpening(IAsyncEnumerator<ChatResponseUpdate> Stream, List<ChatResponseUpdate> Buffered, bool HasMore);

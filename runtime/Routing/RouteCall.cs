using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// One way of sending a call on a route, for <see cref="RouteAttemptExecutor"/>: a whole answer, or a stream read
/// until its first content (until then a failure may still move the call to another route).
/// </summary>
internal interface IRouteCall<T>
{
    /// <summary>Whether the call streams: its bound is then <see cref="RouteBounds.FirstContent"/>, and a bound that
    /// fired before the first content fails the route even if content arrived just after.</summary>
    bool Streaming { get; }

    /// <summary>Sends the call. A failure of the attempt comes back in <see cref="RouteCallResult{T}.Failure"/>; only
    /// the caller's own cancellation is thrown.</summary>
    ValueTask<RouteCallResult<T>> SendAsync(
        IChatClient client, IList<ChatMessage> history, ChatOptions? options, CancellationToken routeToken, CancellationToken callerToken);

    /// <summary>Lets go of what a failed attempt produced (a stream's enumerator).</summary>
    ValueTask DiscardAsync(T value);
}

/// <summary>What one attempt produced, and the failure it met (if any).</summary>
internal readonly record struct RouteCallResult<T>(T? Value, ExceptionDispatchInfo? Failure);

/// <summary>A non-streamed call: the route's whole answer.</summary>
internal sealed class ResponseRouteCall : IRouteCall<ChatResponse>
{
    public static readonly ResponseRouteCall Instance = new();

    public bool Streaming => false;

    public async ValueTask<RouteCallResult<ChatResponse>> SendAsync(
        IChatClient client, IList<ChatMessage> history, ChatOptions? options, CancellationToken routeToken, CancellationToken callerToken)
    {
        try
        {
            return new(await client.GetResponseAsync(history, options, routeToken).ConfigureAwait(false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !callerToken.IsCancellationRequested)
        {
            return new(null, ExceptionDispatchInfo.Capture(exception));
        }
    }

    public ValueTask DiscardAsync(ChatResponse value) => default;
}

/// <summary>A streamed call, opened until its first content: what arrived until then, and whether more follows.</summary>
internal sealed class StreamRouteCall : IRouteCall<StreamOpening>
{
    public static readonly StreamRouteCall Instance = new();

    public bool Streaming => true;

    public async ValueTask<RouteCallResult<StreamOpening>> SendAsync(
        IChatClient client, IList<ChatMessage> history, ChatOptions? options, CancellationToken routeToken, CancellationToken callerToken)
    {
        // The stream's token stays the route's bound (it follows the caller's); the bound is disarmed at the first content.
        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync(history, options, routeToken).GetAsyncEnumerator(routeToken);
        var buffered = new List<ChatResponseUpdate>();
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (HasContent(stream.Current))
                {
                    return new(new StreamOpening(stream, buffered, HasMore: true), null);
                }
            }

            return new(new StreamOpening(stream, buffered, HasMore: false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !callerToken.IsCancellationRequested)
        {
            return new(new StreamOpening(stream, buffered, HasMore: false), ExceptionDispatchInfo.Capture(exception));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DiscardAsync(StreamOpening value) => value.Stream.DisposeAsync();

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

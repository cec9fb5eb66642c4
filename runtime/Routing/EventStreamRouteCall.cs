using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>A stream passed through as bytes (<see cref="IChatEventStreamClient"/>), opened on a route until its first
/// content exactly as <see cref="StreamRouteCall"/> opens a stream of updates.</summary>
internal sealed class EventStreamRouteCall : ChatRouteCall<EventStreamOpening>
{
    public static readonly EventStreamRouteCall Instance = new();

    public override bool Streaming => true;

    public override async ValueTask<RouteCallResult<EventStreamOpening>> SendAsync(
        IChatClient client, ChatRouteRequest request, CancellationToken routeToken, CancellationToken callerToken)
    {
        // The stream's token stays the route's bound (it follows the caller's); the bound is disarmed at the first content.
        IAsyncEnumerator<ChatCompletionEvent> stream =
            ((IChatEventStreamClient)client).StreamEventsAsync(request.History, request.Options, routeToken).GetAsyncEnumerator(routeToken);
        (List<ChatCompletionEvent> buffered, bool hasMore, ExceptionDispatchInfo? failure) =
            await StreamOpener.OpenAsync(stream, static chunk => chunk.HasContent, callerToken).ConfigureAwait(false);
        return new(new EventStreamOpening(stream, buffered, hasMore), failure);
    }

    public override ValueTask DiscardAsync(EventStreamOpening value) => value.Stream.DisposeAsync();
}

/// <summary>An event stream opened on a route: its enumerator (owned by whoever holds this), the events read until its
/// first content, and whether the stream goes on after them.</summary>
internal readonly record struct EventStreamOpening(IAsyncEnumerator<ChatCompletionEvent> Stream, List<ChatCompletionEvent> Buffered, bool HasMore);

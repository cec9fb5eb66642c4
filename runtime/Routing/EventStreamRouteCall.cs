using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>A stream passed through as bytes (<see cref="IChatEventStreamClient"/>), opened on a route until its first
/// content exactly as <see cref="StreamRouteCall"/> opens a stream of updates.</summary>
internal sealed class EventStreamRouteCall : ChatRouteCall<EventStreamOpening>
{
    public static readonly EventStreamRouteCall Instance = new();

    public override bool Streaming => true;

    public override ValueTask<RouteCallResult<EventStreamOpening>> SendAsync(
        IChatClient client, ChatRouteRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        // The stream's token stays the route's bound (it follows the caller's); the bound is disarmed at the first content.
        EventStreamOpening.OpenAsync(
            ((IChatEventStreamClient)client).StreamEventsAsync(request.History, request.Options, routeToken).GetAsyncEnumerator(routeToken), callerToken);

    public override ValueTask DiscardAsync(EventStreamOpening value) => value.Stream.DisposeAsync();
}

/// <summary>An event stream opened on a route: its enumerator (owned by whoever holds this), the batches read until its
/// first content (those before it each its own, <see cref="ChatCompletionBatch"/>), and whether the stream goes on after them.</summary>
internal readonly record struct EventStreamOpening(IAsyncEnumerator<ChatCompletionBatch> Stream, List<ChatCompletionBatch> Buffered, bool HasMore)
{
    /// <summary>Reads <paramref name="stream"/> until its first content (<see cref="StreamOpener"/>), for the route calls
    /// of both kinds of event stream: a parsed request's and a forwarded body's.</summary>
    public static ValueTask<RouteCallResult<EventStreamOpening>> OpenAsync(IAsyncEnumerator<ChatCompletionBatch> stream, CancellationToken callerToken) =>
        StreamOpener.OpenAsync(stream, static batch => batch.HasContent, static (stream, buffered, hasMore) => new EventStreamOpening(stream, buffered, hasMore), callerToken);
}

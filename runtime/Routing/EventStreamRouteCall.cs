using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>A stream passed through as bytes (<see cref="IChatEventStreamClient"/>), opened on a route until its first
/// content exactly as <see cref="StreamRouteCall"/> opens a stream of updates: until then a failure or a silent route may
/// still move the call to another route.</summary>
internal sealed class EventStreamRouteCall : IRouteCall<EventStreamOpening>
{
    public static readonly EventStreamRouteCall Instance = new();

    public bool Streaming => true;

    public async ValueTask<RouteCallResult<EventStreamOpening>> SendAsync(
        IChatClient client, IList<ChatMessage> history, ChatOptions? options, CancellationToken routeToken, CancellationToken callerToken)
    {
        // The stream's token stays the route's bound (it follows the caller's); the bound is disarmed at the first content.
        IAsyncEnumerator<ChatCompletionEvent> stream =
            ((IChatEventStreamClient)client).StreamEventsAsync(history, options, routeToken).GetAsyncEnumerator(routeToken);
        var buffered = new List<ChatCompletionEvent>();
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (stream.Current.HasContent)
                {
                    return new(new EventStreamOpening(stream, buffered, HasMore: true), null);
                }
            }

            return new(new EventStreamOpening(stream, buffered, HasMore: false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !callerToken.IsCancellationRequested)
        {
            return new(new EventStreamOpening(stream, buffered, HasMore: false), ExceptionDispatchInfo.Capture(exception));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DiscardAsync(EventStreamOpening value) => value.Stream.DisposeAsync();
}

/// <summary>An event stream opened on a route: its enumerator (owned by whoever holds this), the events read until its
/// first content, and whether the stream goes on after them.</summary>
internal readonly record struct EventStreamOpening(IAsyncEnumerator<ChatCompletionEvent> Stream, List<ChatCompletionEvent> Buffered, bool HasMore);

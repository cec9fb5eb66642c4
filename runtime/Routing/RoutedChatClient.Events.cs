using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>The routed client's streams as chunk bytes (<see cref="IChatEventStreamClient"/>): the same attempt loop as
/// <see cref="GetStreamingResponseAsync"/> (fallback before the first content, circuits, limits, bounds), the same
/// reconciling of a route's tokens and telemetry once the stream ends.</summary>
public sealed partial class RoutedChatClient : IChatEventStreamClient
{
    /// <inheritdoc/>
    bool IChatEventStreamClient.CanStreamEvents(ChatOptions? options)
    {
        // Every route the call may take must forward as bytes: the stream's kind is chosen before a route is.
        foreach (IChatClient client in _routes.Clients)
        {
            if (client is not IChatEventStreamClient events || !events.CanStreamEvents(options))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    IAsyncEnumerable<ChatCompletionBatch> IChatEventStreamClient.StreamEventsAsync(
        IList<ChatMessage> history, ChatOptions? options, CancellationToken cancellationToken) =>
        EventsAsync(EventStreamRouteCall.Instance, new ChatRouteRequest(history, options), EstimateInput(history, options), cancellationToken);

    /// <summary>A stream of batches, parsed request or forwarded body alike: opened by the attempt loop, then committed to
    /// the route that gave its first content; followed batch by batch (its characters, its end), not chunk by chunk.</summary>
    private async IAsyncEnumerable<ChatCompletionBatch> EventsAsync<TRequest>(
        IRouteCall<IChatClient, TRequest, EventStreamOpening> call, TRequest request, long inputEstimate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RouteAttempt<EventStreamOpening> attempt = await _executor.RunAsync(call, request, inputEstimate, cancellationToken).ConfigureAwait(false);
        using (attempt)
        {
            RouteState route = attempt.Route;
            EventStreamOpening opening = attempt.Value;
            await using IAsyncEnumerator<ChatCompletionBatch> stream = opening.Stream;
            long characters = 0;
            ChatStreamEnd? end = null;
            foreach (ChatCompletionBatch batch in opening.Buffered)
            {
                characters += batch.OutputCharacters;
                end = batch.End ?? end;
                yield return batch;
            }

            bool more = opening.HasMore;
            while (more)
            {
                more = await NextOfCommittedAsync(stream, route, attempt.Lease, attempt.Activity, inputEstimate, characters, cancellationToken).ConfigureAwait(false);

                if (more)
                {
                    ChatCompletionBatch batch = stream.Current;
                    characters += batch.OutputCharacters;
                    end = batch.End ?? end;
                    yield return batch;
                }
            }

            if (end?.Usage is { } usage)
            {
                Accounted(route, attempt.Lease, attempt.Activity, usage, end.Properties);
            }
        }
    }
}

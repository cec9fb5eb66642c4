using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>The routed client's forwarded calls (<see cref="IChatForwardingClient"/>): the same attempt loop as
/// <see cref="GetResponseAsync"/> and the event streams (fallback, circuits, limits, bounds, context windows), the prompt's
/// estimate read from the forwarded bytes.</summary>
public sealed partial class RoutedChatClient : IChatForwardingClient
{
    /// <inheritdoc/>
    bool IChatForwardingClient.CanForward(ChatRequestHead head)
    {
        // Every route the call may take must send the bytes unchanged: the kind of call is chosen before a route is.
        RouteState[] states = _routes.States;
        for (int i = 0; i < states.Length; i++)
        {
            if (_routes.Clients[i] is not IChatForwardingClient client || !client.CanForward(head) ||
                head.MaxTokens is { } requested && states[i].Bounds.MaxOutputTokens is { } limit && requested > limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    async Task<ForwardedAnswer> IChatForwardingClient.ForwardAsync(ForwardedChatRequest request, CancellationToken cancellationToken)
    {
        RouteAttempt<ForwardedAnswer> attempt = await _executor.RunAsync(
            ForwardedResponseRouteCall.Instance, request, EstimateInput(request.Head), cancellationToken).ConfigureAwait(false);
        using (attempt)
        {
            ForwardedAnswer answer = attempt.Value;
            if (answer.Usage is { } usage)
            {
                Accounted(attempt.Route, attempt.Lease, attempt.Activity, usage, answer.Properties);
            }

            return answer;
        }
    }

    /// <inheritdoc/>
    IAsyncEnumerable<ChatCompletionBatch> IChatForwardingClient.ForwardEventsAsync(ForwardedChatRequest request, CancellationToken cancellationToken) =>
        EventsAsync(ForwardedEventStreamRouteCall.Instance, request, EstimateInput(request.Head), cancellationToken);

    private long EstimateInput(ChatRequestHead head) => _routes.AnyLimited || _routes.AnyWindow ? head.InputTokenEstimate : 0;
}

using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>What the route calls of a forwarded body share (<see cref="IChatForwardingClient"/>): every route is sent the
/// same bytes — a route whose limit would clamp <c>max_tokens</c> makes the call not forwardable
/// (<see cref="RoutedChatClient"/>'s <c>CanForward</c>) — and reserves its output limit as a parsed call does.</summary>
internal abstract class ForwardedRouteCall<T> : IRouteCall<IChatClient, ForwardedChatRequest, T>
{
    public abstract bool Streaming { get; }

    public ForwardedChatRequest ForRoute(RouteState route, ForwardedChatRequest request) => request;

    public long OutputReservation(ForwardedChatRequest routeRequest, ModelProfile? profile) =>
        routeRequest.Head.MaxTokens ?? profile?.MaxOutputTokens ?? ChatRouteCall<T>.DefaultOutputReservation;

    public abstract ValueTask<RouteCallResult<T>> SendAsync(IChatClient client, ForwardedChatRequest request, CancellationToken routeToken, CancellationToken callerToken);

    public abstract ValueTask DiscardAsync(T value);
}

/// <summary>A forwarded non-streamed call: the route's whole answer.</summary>
internal sealed class ForwardedResponseRouteCall : ForwardedRouteCall<ForwardedAnswer>
{
    public static readonly ForwardedResponseRouteCall Instance = new();

    public override bool Streaming => false;

    public override ValueTask<RouteCallResult<ForwardedAnswer>> SendAsync(
        IChatClient client, ForwardedChatRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        RouteCallResult.Of(((IChatForwardingClient)client).ForwardAsync(request, routeToken));

    public override ValueTask DiscardAsync(ForwardedAnswer value)
    {
        value.Release();
        return default;
    }
}

/// <summary>A forwarded stream, opened on a route until its first content as <see cref="EventStreamRouteCall"/> opens one.</summary>
internal sealed class ForwardedEventStreamRouteCall : ForwardedRouteCall<EventStreamOpening>
{
    public static readonly ForwardedEventStreamRouteCall Instance = new();

    public override bool Streaming => true;

    public override ValueTask<RouteCallResult<EventStreamOpening>> SendAsync(
        IChatClient client, ForwardedChatRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        EventStreamOpening.OpenAsync(((IChatForwardingClient)client).ForwardEventsAsync(request, routeToken).GetAsyncEnumerator(routeToken), callerToken);

    public override ValueTask DiscardAsync(EventStreamOpening value) => value.Stream.DisposeAsync();
}

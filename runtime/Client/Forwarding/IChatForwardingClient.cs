using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>
/// A client that can send a caller's chat-completions request body on as it is (<see cref="ForwardedChatRequest"/>),
/// with only <c>model</c> (and, streamed, <c>stream_options</c>) set as its own requests set them, and answer with the
/// upstream's bytes: the gateway's byte pass-through, which builds no <see cref="ChatMessage"/> or
/// <see cref="ChatOptions"/> for such a call. Only a request the client would send unchanged can be forwarded
/// (<see cref="CanForward"/>); every other call takes the parsed path. Same transport, retries, limits and typed
/// failures as <see cref="IChatClient"/>.
/// </summary>
internal interface IChatForwardingClient
{
    /// <summary>Whether <paramref name="head"/>'s body is what the client's request writer would send for it, apart from
    /// <c>model</c> and the streaming fields, on every route it may take: chat-completions wire format, no parameter the
    /// compatibility rules drop, rename, clamp or default, no reasoning tag, no structured output emulated, no extra
    /// body of the settings.</summary>
    bool CanForward(ChatRequestHead head);

    /// <summary>Sends the call and reads its whole answer. Fails as <see cref="IChatClient.GetResponseAsync"/> would.</summary>
    Task<ForwardedAnswer> ForwardAsync(ForwardedChatRequest request, CancellationToken cancellationToken);

    /// <summary>Streams the call's answer as batches of chunks (<see cref="IChatEventStreamClient.StreamEventsAsync"/>).</summary>
    IAsyncEnumerable<ChatCompletionBatch> ForwardEventsAsync(ForwardedChatRequest request, CancellationToken cancellationToken);
}

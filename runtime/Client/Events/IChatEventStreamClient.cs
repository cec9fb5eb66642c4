using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// A client that can stream a call's answer as the upstream's own <c>chat.completion.chunk</c> bytes
/// (<see cref="ChatCompletionEvent"/>) instead of <see cref="ChatResponseUpdate"/>s, for a caller that forwards them (the
/// gateway): no string, no object per chunk, no JSON written again. Only a call whose chunks need no rewriting beyond
/// what the events already do can be streamed so (<see cref="CanStreamEvents"/>); every other call takes
/// <see cref="IChatClient.GetStreamingResponseAsync"/>.
/// </summary>
internal interface IChatEventStreamClient
{
    /// <summary>Whether a call with these options can be streamed as events: an OpenAI chat-completions upstream whose
    /// chunks need no transformation (no Responses API, no think tags in content, no structured output emulated by a
    /// tool call), on every route it may take.</summary>
    bool CanStreamEvents(ChatOptions? options);

    /// <summary>Streams the call's chunks with content or role, in batches of those read together
    /// (<see cref="ChatCompletionBatch"/>), the last batch with the stream's end (<see cref="ChatCompletionBatch.End"/>).
    /// Fails as <see cref="IChatClient.GetStreamingResponseAsync"/> would.</summary>
    IAsyncEnumerable<ChatCompletionBatch> StreamEventsAsync(IList<ChatMessage> history, ChatOptions? options, CancellationToken cancellationToken);
}

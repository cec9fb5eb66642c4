using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Turns a <c>/chat/completions</c> event stream into updates. SSE framing (comments such as OpenRouter's
/// <c>: OPENROUTER PROCESSING</c> keep-alives, <c>event:</c> lines, multi-line data) is
/// <see cref="SseParser"/>'s; each data payload is parsed in place by <see cref="ChatCompletionReader"/>.
/// An <c>event: error</c> (Groq) or an error object in a chunk (OpenRouter) throws; so do a data line that is not
/// JSON and a stream that ends with neither a <c>finish_reason</c> nor <c>[DONE]</c> — a cut connection must never
/// look like a short answer. Usage is emitted once, in a last update, whichever chunk carried it.
/// </summary>
internal static class ChatCompletionStreamReader
{
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    public static async IAsyncEnumerable<ChatResponseUpdate> ReadAsync(
        Stream stream, ChatCompletionState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SseParser<ChatResponseUpdate?> parser = SseParser.Create(stream, (eventType, data) => ParseEvent(eventType, data, state));
        await using IAsyncEnumerator<SseItem<ChatResponseUpdate?>> events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool hasEvent = await StreamEvents.MoveNextAsync(events, state.Configuration, state.RequestId).ConfigureAwait(false);
            if (!hasEvent || state.SawDone)
            {
                break;
            }

            if (events.Current.Data is { } update && (update.Contents.Count > 0 || update.FinishReason is not null))
            {
                yield return update;
            }
        }

        if (!state.SawDone && !state.SawFinishReason)
        {
            throw ProviderError.Incomplete(state.Configuration, "ended before its finish_reason or [DONE]: the answer is incomplete.", state.RequestId);
        }

        var rest = new List<AIContent>();
        state.Complete(rest);
        if (state.TakeUsage() is { } usage)
        {
            rest.Add(new UsageContent(usage));
        }

        if (rest.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, rest)
            {
                ResponseId = state.ResponseId,
                MessageId = state.ResponseId,
                ModelId = state.ModelId,
                CreatedAt = state.CreatedAt,
            };
        }
    }

    private static ChatResponseUpdate? ParseEvent(string eventType, ReadOnlySpan<byte> data, ChatCompletionState state)
    {
        if (!TryGetChunk(eventType, data, state, out ReadOnlySpan<byte> payload))
        {
            return null;
        }

        try
        {
            return ChatCompletionReader.Read(payload, state);
        }
        catch (JsonException exception)
        {
            throw NotAChunk(state, exception);
        }
    }

    /// <summary>The chunk an event's data holds, or <see langword="false"/> for an empty event or <c>[DONE]</c> (then
    /// recorded in <paramref name="state"/>); an <c>event: error</c> throws.</summary>
    internal static bool TryGetChunk(string eventType, ReadOnlySpan<byte> data, ChatCompletionState state, out ReadOnlySpan<byte> payload)
    {
        if (eventType == "error")
        {
            throw ProviderError.FromStreamError(state.Configuration, data, state.RequestId);
        }

        payload = data.Trim(" \r\n\t"u8);
        if (payload.SequenceEqual(Done))
        {
            state.SawDone = true;
            return false;
        }

        return !payload.IsEmpty;
    }

    /// <summary>The failure of a data line that is not a JSON chunk.</summary>
    internal static ChatProviderException NotAChunk(ChatCompletionState state, JsonException exception) =>
        ProviderError.Incomplete(state.Configuration, "sent a data line that is not a JSON chunk.", state.RequestId, exception);
}

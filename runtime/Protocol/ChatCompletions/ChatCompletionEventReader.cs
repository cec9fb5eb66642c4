using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Turns a <c>/chat/completions</c> event stream into <see cref="ChatCompletionEvent"/>s, the bytes of each chunk
/// scanned in place (<see cref="ChatCompletionChunkScanner"/>), with the same framing and the same failures as
/// <see cref="ChatCompletionStreamReader"/>: an <c>event: error</c> or an error object throws, so do a data line that is
/// not JSON and a stream that ends with neither a <c>finish_reason</c> nor <c>[DONE]</c>. The usage comes once, in the
/// end event, whichever chunk carried it.
/// </summary>
internal static class ChatCompletionEventReader
{
    public static async IAsyncEnumerable<ChatCompletionEvent> ReadAsync(
        Stream stream, ChatCompletionState state, JsonElement? warnings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunks = new ChunkBytes();
        SseParser<ChatCompletionEvent?> parser = SseParser.Create(stream, (eventType, data) => ParseEvent(eventType, data, state, chunks));
        await using IAsyncEnumerator<SseItem<ChatCompletionEvent?>> events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool first = true;
        while (true)
        {
            bool hasEvent = await StreamEvents.MoveNextAsync(events, state.Configuration, state.RequestId).ConfigureAwait(false);
            if (!hasEvent || state.SawDone)
            {
                break;
            }

            if (events.Current.Data is { } chunk)
            {
                // The call's warnings ride on the first event, so a caller sees them before the answer.
                yield return first ? chunk with { Warnings = warnings } : chunk;
                first = false;
            }
        }

        if (!state.SawDone && !state.SawFinishReason)
        {
            throw ProviderError.Incomplete(state.Configuration, "ended before its finish_reason or [DONE]: the answer is incomplete.", state.RequestId);
        }

        yield return End(state, first ? warnings : null);
    }

    /// <summary>The events of an answer that came as one JSON body although it was asked to stream: written as the
    /// chunks the gateway would have sent, then scanned like an upstream's.</summary>
    public static IEnumerable<ChatCompletionEvent> FromResponse(ChatResponse response, ChatCompletionState state, JsonElement? warnings)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer);
        string id = response.ResponseId ?? "chatcmpl-" + Guid.NewGuid().ToString("N");
        string model = response.ModelId ?? "";
        long created = (response.CreatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        bool sendRole = true, first = true;
        int toolCallIndex = 0;
        var events = new List<ChatCompletionEvent>();
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            Begin();
            if (ChatCompletionWriter.WriteChunk(writer, update, id, model, created, sendRole, ref toolCallIndex))
            {
                sendRole = false;
                Add();
            }

            foreach (UsageContent usage in update.Contents.OfType<UsageContent>())
            {
                Begin();
                ChatCompletionWriter.WriteUsageChunk(writer, usage.Details, null, id, model, created);
                Add();
            }
        }

        events.Add(End(state, first ? warnings : null));
        return events;

        void Begin()
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }

        void Add()
        {
            writer.Flush();
            if (ChatCompletionChunkScanner.Scan(buffer.WrittenSpan, state) is { } chunk)
            {
                events.Add(first ? chunk with { Warnings = warnings } : chunk);
                first = false;
            }
        }
    }

    private static ChatCompletionEvent End(ChatCompletionState state, JsonElement? warnings) =>
        ChatCompletionEvent.Ending(new ChatStreamEnd(state.TakeUsage(), state.ResponseId, state.CreatedAt)) with { Warnings = warnings };

    private static ChatCompletionEvent? ParseEvent(string eventType, ReadOnlySpan<byte> data, ChatCompletionState state, ChunkBytes chunks)
    {
        if (!ChatCompletionStreamReader.TryGetChunk(eventType, data, state, out ReadOnlySpan<byte> payload))
        {
            return null;
        }

        try
        {
            return ChatCompletionChunkScanner.Scan(payload, state, chunks);
        }
        catch (JsonException exception)
        {
            throw ChatCompletionStreamReader.NotAChunk(state, exception);
        }
    }
}

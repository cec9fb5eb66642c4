using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Turns a <c>/chat/completions</c> event stream into batches of <see cref="ChatCompletionEvent"/>s
/// (<see cref="ChatCompletionBatch"/>), the bytes of each chunk scanned in place (<see cref="ChatCompletionChunkScanner"/>),
/// with the same framing and the same failures as <see cref="ChatCompletionStreamReader"/>: an <c>event: error</c> or an
/// error object throws, so do a data line that is not JSON and a stream that ends with neither a <c>finish_reason</c> nor
/// <c>[DONE]</c> — each after the batch of the chunks that came before it. The usage comes once, in the end of the last
/// batch, whichever chunk carried it.
/// </summary>
/// <remarks>
/// A batch is every event the parser gives without waiting on the network: the next event is asked for before the batch is
/// handed on, and when that read would wait, the batch goes first, the read still in flight. The parser may then read
/// the next event while the batch is being forwarded, so it only copies the event's data (<see cref="EventData"/>); the
/// event is scanned into the stream's buffers once the stream has moved on.
/// </remarks>
internal static class ChatCompletionEventReader
{
    /// <summary>The most chunks one batch holds, however fast the upstream sends: it bounds the buffers a committed stream
    /// reuses (<see cref="ChunkBytes"/>).</summary>
    private const int MaxBatchChunks = 64;

    public static async IAsyncEnumerable<ChatCompletionBatch> ReadAsync(
        GuardedAnswerStream stream, ChatCompletionState state, JsonElement? warnings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var data = new EventData();
        SseParser<int> parser = SseParser.Create(stream, data.Copy);
        await using IAsyncEnumerator<SseItem<int>> events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var batch = new ChatCompletionBatchBuilder();
        try
        {
            ValueTask<bool> next = default;
            bool readInFlight = false;
            ExceptionDispatchInfo? failure = null;
            try
            {
                while (true)
                {
                    next = StreamEvents.MoveNextAsync(events, state.Configuration, state.RequestId);
                    if (batch.Count > 0 && (!next.IsCompleted || batch.Count >= MaxBatchChunks))
                    {
                        // The call's warnings ride on the first batch, so a caller sees them before the answer.
                        readInFlight = true;
                        yield return batch.Build(end: null, warnings);
                        readInFlight = false;
                        warnings = null;
                    }

                    try
                    {
                        if (!await next.ConfigureAwait(false) || state.SawDone)
                        {
                            break;
                        }

                        if (Parse(events.Current, data, state, batch.Chunks) is { } chunk)
                        {
                            batch.Add(chunk);
                        }
                    }
                    catch (Exception exception) when (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
                    {
                        // The chunks that came before the failure are the caller's first, as they were sent.
                        failure = ExceptionDispatchInfo.Capture(exception);
                        break;
                    }
                }
            }
            finally
            {
                if (readInFlight)
                {
                    // Given up with a batch handed on: the read in flight must end before the parser can be disposed.
                    if (!next.IsCompleted)
                    {
                        stream.Abort();
                    }

                    try
                    {
                        await next.ConfigureAwait(false);
                    }
                    catch
                    {
                        // The stream is given up: how its last read ended no longer matters.
                    }
                }
            }

            if (failure is null && !state.SawDone && !state.SawFinishReason)
            {
                failure = ExceptionDispatchInfo.Capture(
                    ProviderError.Incomplete(state.Configuration, "ended before its finish_reason or [DONE]: the answer is incomplete.", state.RequestId));
            }

            if (failure is not null)
            {
                if (batch.Count > 0)
                {
                    yield return batch.Build(end: null, warnings);
                }

                failure.Throw();
            }

            yield return batch.Build(End(state), warnings);
        }
        finally
        {
            // The caller moved past the last batch, or gave the stream up: no chunk is read any more.
            batch.Return();
        }
    }

    /// <summary>The one batch of an answer that came as one JSON body although it was asked to stream: written as the
    /// chunks the gateway would have sent, then scanned like an upstream's.</summary>
    public static ChatCompletionBatch FromResponse(ChatResponse response, ChatCompletionState state, JsonElement? warnings)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer);
        string id = response.ResponseId ?? "chatcmpl-" + Guid.NewGuid().ToString("N");
        string model = response.ModelId ?? "";
        long created = (response.CreatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        bool sendRole = true;
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

        return new ChatCompletionBatch([.. events], events.Count, End(state), warnings);

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
                events.Add(chunk);
            }
        }
    }

    private static ChatStreamEnd End(ChatCompletionState state) => new(state.TakeUsage(), state.ResponseId, state.CreatedAt);

    private static ChatCompletionEvent? Parse(SseItem<int> item, EventData data, ChatCompletionState state, ChunkBytes chunks)
    {
        if (!ChatCompletionStreamReader.TryGetChunk(item.EventType, data.Bytes(item.Data), state, out ReadOnlySpan<byte> payload))
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

    /// <summary>The data of the event the parser read last, copied out of the parser's buffer (which holds it only while
    /// the parser calls back). The copy is what lets the parser read on while the batch before is forwarded: it writes
    /// into nothing a batch points to.</summary>
    private sealed class EventData
    {
        private byte[] _bytes = new byte[512];

        /// <summary>The parser's callback: keeps the event's data, and gives its length as the event's item.</summary>
        public int Copy(string eventType, ReadOnlySpan<byte> data)
        {
            if (data.Length > _bytes.Length)
            {
                _bytes = new byte[Math.Max(data.Length, _bytes.Length * 2)];
            }

            data.CopyTo(_bytes);
            return data.Length;
        }

        public ReadOnlySpan<byte> Bytes(int length) => _bytes.AsSpan(0, length);
    }
}

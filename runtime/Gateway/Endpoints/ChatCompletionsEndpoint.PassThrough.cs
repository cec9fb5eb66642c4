using System.Buffers;
using System.Text.Json;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Gateway;

/// <summary>
/// The pass-through of a streamed answer whose routes need no transformation (<see cref="IChatEventStreamClient"/>):
/// each upstream chunk's bytes go out as they came, with only <c>model</c> rewritten to the name the client asked for;
/// usage and finish reasons are read from the bytes as they pass. The chunks come in batches, those one network read
/// carried (<see cref="ChatCompletionBatch"/>), so every layer under this loop runs once per read, not once per chunk.
/// Everything the parsed stream guarantees holds the same way: fallback before the first content and the routes' limits
/// (the routing attempt loop), the idle limits (the gateway's before the first event, the client's after), error events,
/// the usage charged, and the usage chunk — the gateway's own, priced — sent only when the client asked for it.
/// </summary>
internal sealed partial class ChatCompletionsEndpoint
{
    private async Task PassThroughAsync(
        HttpContext context, string requestedModel, bool includeUsage, ServedModel model, KeyCall call, IAsyncEnumerable<ChatCompletionBatch> events,
        CancellationTokenSource limit)
    {
        await using IAsyncEnumerator<ChatCompletionBatch> stream = events.GetAsyncEnumerator(limit.Token);

        // As StreamAsync: the first batch decides the status, within the gateway's own idle limit.
        bool hasFirst;
        using (var idle = new UpstreamIdleTimer(limit, options.StreamIdleTimeout))
        {
            hasFirst = await FirstAsync(stream, idle) ?? throw new TimeoutException();
        }

        if (hasFirst)
        {
            WarningsHeader.Set(context.Response, ChatWarnings.ReadFrom(stream.Current.Warnings));
        }

        StartEventStream(context);
        // Routes answer with their own model ids; the client reads back the name it asked for (a routed model has no
        // fallback model that could have served it, or it would not be passed through).
        byte[] answerModel = AnswerModel(requestedModel, model);
        ChatStreamEnd? end = null;
        bool more = hasFirst;
        using var writer = new SseEventWriter(context.Response.BodyWriter);
        while (more)
        {
            // A batch is what the upstream had sent when it was read: written whole, flushed when the next would wait.
            ChatCompletionBatch batch = stream.Current;
            foreach (ChatCompletionEvent chunk in batch.Events)
            {
                writer.Forward(chunk.Chunk.Span, chunk.ModelStart, chunk.ModelLength, answerModel);
            }

            end = batch.End ?? end;
            try
            {
                more = await NextAsync(stream, context, limit);
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteStreamFailureAsync(context, model, exception, limit);
                return;
            }
        }

        // The end event's usage, completed and priced by the route's accounting (an estimate when the upstream sent none).
        RoutedCallInfo? info = RoutedCallInfo.ReadFrom(end?.Properties);
        await call.SettleAsync(end?.Usage, info, null);
        if (includeUsage && end?.Usage is { } usage)
        {
            ChatCompletionWriter.WriteUsageChunk(writer.Begin(), usage, info, end.ResponseId ?? NewId(), requestedModel, Created(end.CreatedAt));
            writer.Commit();
        }

        context.Response.BodyWriter.Write(Done);
    }

    /// <summary>The <c>model</c> of the answer, as JSON: the name the client asked for, which is nearly always the served
    /// model's own id (kept encoded on it, so a call encodes nothing).</summary>
    private static byte[] AnswerModel(string requestedModel, ServedModel model) =>
        string.Equals(requestedModel, model.Id, StringComparison.Ordinal) ? model.QuotedId : GatewayJson.QuotedString(requestedModel);
}

using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Gateway;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads the OpenAI request, sends it through the model's client (routed or not)
/// and answers in OpenAI's shape — one <c>chat.completion</c>, or <c>chat.completion.chunk</c> server-sent events
/// ending with the usage chunk (only when asked) and <c>[DONE]</c>. A named key's model list, budget and rate limits are
/// checked before the call (<see cref="KeyPolicy"/>), and every answered call is charged from the priced usage the
/// registry put on its answer, streamed or not.
/// </summary>
/// <remarks>One instance serves every request with the services it was built with: a request never touches
/// <c>HttpContext.RequestServices</c>, which would create a service scope per request.</remarks>
internal sealed partial class ChatCompletionsEndpoint(ModelCatalog catalog, GatewayOptions options, KeyPolicy keys, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("ModelRegistry.Gateway.ChatCompletions");

    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    /// <summary>Answers one <c>POST /v1/chat/completions</c> request, streamed as server-sent events when it asks for <c>stream</c>.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        if (!JsonContentType.IsJson(context.Request.ContentType))
        {
            // Only a JSON body is read: a form or text/plain POST is what a web page can send cross-site without a
            // CORS preflight, and with no keys configured it would otherwise run completions for any site.
            await new OpenAIError(415, $"The request body must be sent with 'Content-Type: application/json'; got {JsonContentType.Describe(context.Request.ContentType)}.",
                "invalid_request_error", "unsupported_media_type").WriteResponseAsync(context);
            return;
        }

        PooledBufferWriter body;
        try
        {
            body = await ReadBodyAsync(context, options);
        }
        catch (OversizeException)
        {
            await new OpenAIError(413, $"The request body is larger than {options.MaxRequestBodyBytes} bytes.", "invalid_request_error", "request_too_large").WriteResponseAsync(context);
            return;
        }

        try
        {
            // A body the scanner fully understands may be forwarded as bytes; any other is parsed, which reports its mistakes.
            if (options.PassThrough && ChatRequestHeadScanner.Scan(body.WrittenSpan) is { Forwardable: true } head)
            {
                await HandleForwardableAsync(context, new ForwardedChatRequest(body.WrittenMemory, head));
            }
            else
            {
                await HandleParsedAsync(context, body.WrittenMemory);
            }
        }
        finally
        {
            // Every upstream call of the request is over (each route is sent a buffer of its own).
            body.Return();
        }
    }

    /// <summary>A request read into Microsoft.Extensions.AI types, as every request was before the pass-through.</summary>
    private async Task HandleParsedAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        ChatCompletionRequest request;
        try
        {
            request = ParseRequest(body);
        }
        catch (ChatRequestException exception)
        {
            await OpenAIError.BadRequest(exception.Message, exception.Param is null ? null : "invalid_" + exception.Param.Split('[', '.')[0], exception.Param)
                .WriteResponseAsync(context);
            return;
        }

        if (!catalog.TryFind(request.Model, out ServedModel? model))
        {
            await new OpenAIError(404, $"The model '{request.Model}' does not exist. Available models: {string.Join(", ", catalog.Ids)}.", "invalid_request_error", "model_not_found")
                .WriteResponseAsync(context);
            return;
        }

        if (model.Embeddings is not null)
        {
            await OpenAIError.BadRequest($"The model '{request.Model}' is an embedding model: send it to /v1/embeddings.", "model_not_supported", "model")
                .WriteResponseAsync(context);
            return;
        }

        await UpstreamCallGuard.AdmitThenRunAsync(
            context, model, keys.AdmitAsync(GatewayCaller.KeyOf(context), model, request, context.RequestAborted), options.RequestTimeout, _logger,
            (Endpoint: this, context, request, model), static (state, call, limit) => state.Endpoint.SendAsync(state.context, state.request, state.model, call, limit));
    }

    /// <summary>The admitted call, by kind: a stream passed through as bytes, a stream of parsed updates, or one answer.</summary>
    private async Task SendAsync(HttpContext context, ChatCompletionRequest request, ServedModel model, KeyCall call, CancellationTokenSource limit)
    {
        if (request.Stream && options.PassThrough && model.Client is TelemetryLayer { PassThrough: { } events } && events.CanStreamEvents(request.Options))
        {
            await PassThroughAsync(context, request.Model, request.IncludeUsage, model, call, events.StreamEventsAsync(request.Messages, request.Options, limit.Token), limit);
        }
        else if (request.Stream)
        {
            await StreamAsync(context, request, model, call, limit);
        }
        else
        {
            ChatResponse response = await model.Client.GetResponseAsync(request.Messages, request.Options, limit.Token);
            await AnswerAsync(context, request.Model, model, call, response, limit);
        }
    }

    /// <summary>Charges and writes one parsed answer.</summary>
    private static async Task AnswerAsync(HttpContext context, string requestedModel, ServedModel model, KeyCall call, ChatResponse response, CancellationTokenSource limit)
    {
        // Charged once the upstream answered, whether or not the client reads the answer.
        await call.SettleAsync(response.Usage, response.GetRoutedCallInfo(), response.GetServedModel());
        WarningsHeader.Set(context.Response, response.GetWarnings());
        await JsonAnswer.SendAsync(context.Response, JsonAnswer.InitialCapacity, (response, Model: AnswerModel(requestedModel, model, response.GetServedModel())),
            static (output, state) =>
            {
                using var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions);
                ChatCompletionWriter.WriteCompletion(writer, state.response, state.response.ResponseId ?? NewId(), state.Model, Created(state.response.CreatedAt));
            },
            limit.Token);
    }

    private async Task StreamAsync(HttpContext context, ChatCompletionRequest request, ServedModel model, KeyCall call, CancellationTokenSource limit)
    {
        await using IAsyncEnumerator<ChatResponseUpdate> stream =
            model.Client.GetStreamingResponseAsync(request.Messages, request.Options, limit.Token).GetAsyncEnumerator(limit.Token);

        // The first update decides the status: until then an error is still an ordinary JSON error answer. The client's
        // own stream idle limit (the gateway's, passed in its settings) starts only once the upstream's headers arrived,
        // so this one wait keeps the gateway's idle guard; every later wait relies on the client's limit.
        bool hasFirst;
        using (var idle = new UpstreamIdleTimer(limit, options.StreamIdleTimeout))
        {
            hasFirst = await FirstAsync(stream, idle) ?? throw new TimeoutException();
        }

        if (hasFirst)
        {
            WarningsHeader.Set(context.Response, stream.Current.GetWarnings());
        }

        StartEventStream(context);

        string id = (hasFirst ? stream.Current.ResponseId : null) ?? NewId();
        string? served = hasFirst ? stream.Current.GetServedModel() : null;
        string answerModel = AnswerModel(request.Model, model, served);
        long created = Created(hasFirst ? stream.Current.CreatedAt : null);
        bool sendRole = true;
        int toolCallIndex = 0;
        UsageDetails? usage = null;
        RoutedCallInfo? info = null;
        bool more = hasFirst;
        // One event buffer and one JSON writer for the whole stream, reset per event.
        using var events = new SseEventWriter(context.Response.BodyWriter);
        while (more)
        {
            ChatResponseUpdate update = stream.Current;
            // Indexed: a foreach over the IList would box an enumerator for every streamed update.
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                AIContent content = contents[i];
                if (content is UsageContent usageContent)
                {
                    usage = usageContent.Details;
                    info = update.GetRoutedCallInfo() ?? info;
                }
            }

            if (ChatCompletionWriter.WriteChunk(events.Begin(), update, id, answerModel, created, sendRole, ref toolCallIndex))
            {
                events.Commit();
                sendRole = false;
            }

            bool next;
            try
            {
                // Updates the upstream already sent (often several per network read) go out in one write: the
                // response is flushed only before waiting for the upstream, or at the end.
                next = await NextAsync(stream, context, limit);
            }
            catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteStreamFailureAsync(context, model, exception, limit);
                return;
            }

            more = next;
        }

        // The usage update the registry's accounting always sends (an estimate when the provider sent none) prices the stream.
        await call.SettleAsync(usage, info, served);
        if (request.IncludeUsage && usage is not null)
        {
            ChatCompletionWriter.WriteUsageChunk(events.Begin(), usage, info, id, answerModel, created);
            events.Commit();
        }

        // Not flushed here: Kestrel flushes what is left when the handler returns, together with the end of the chunked
        // body, so the tail of the stream leaves in one write instead of two.
        context.Response.BodyWriter.Write(Done);
    }

    /// <summary>Ends a stream whose headers are gone: the failure becomes an error event, and the stream ends without [DONE].</summary>
    private async Task WriteStreamFailureAsync(HttpContext context, ServedModel model, Exception exception, CancellationTokenSource limit)
    {
        if (IsStreamIdleTimeout(exception))
        {
            GatewayLog.StreamStalled(_logger, model.Id, options.StreamIdleTimeout.TotalSeconds);
            await WriteErrorEventAsync(context, new OpenAIError(504,
                $"The upstream sent nothing for {options.StreamIdleTimeout.TotalSeconds} s; the answer is incomplete.", "timeout_error", "upstream_idle_timeout"), limit.Token);
            return;
        }

        GatewayLog.StreamFailed(_logger, model.Id, exception.GetType().Name, exception);
        OpenAIError error = exception is OperationCanceledException ? OpenAIError.FromException(new TimeoutException()) : OpenAIError.FromException(exception);
        await WriteErrorEventAsync(context, error, limit.Token);
    }

    /// <summary>Sets the headers of a streamed answer.</summary>
    private static void StartEventStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>The first update: <see langword="true"/>/<see langword="false"/> as <c>MoveNextAsync</c>, or <see langword="null"/>
    /// when nothing came within the idle timeout (then the gateway's timer cancelled the call).</summary>
    private static async ValueTask<bool?> FirstAsync<T>(IAsyncEnumerator<T> stream, UpstreamIdleTimer idle)
    {
        idle.Arm();
        bool first;
        try
        {
            first = await stream.MoveNextAsync();
        }
        catch (Exception exception) when (idle.Fired && exception is OperationCanceledException or ChatProviderException)
        {
            // The idle timer cancelled the stalled upstream call (which may also surface as an incomplete-stream
            // error); the idle timeout is what is reported.
            return null;
        }
        finally
        {
            idle.Disarm();
        }

        // An update that came just as the timer ran out finds the request cancelled already: the stream stalled.
        return idle.Fired ? null : first;
    }

    /// <summary>The next update, as <c>MoveNextAsync</c>. When the upstream has nothing ready, what was written so far is
    /// flushed before waiting, within the request's time limit (<paramref name="limit"/>): a client that stops reading
    /// makes the flush wait, and the limit must still end the request and the upstream call with it.</summary>
    private static ValueTask<bool> NextAsync<T>(IAsyncEnumerator<T> stream, HttpContext context, CancellationTokenSource limit)
    {
        // An update the upstream already sent (the usual case inside one network read) costs no task.
        ValueTask<bool> pending = stream.MoveNextAsync();
        return pending.IsCompleted ? pending : FlushAndWaitAsync(pending, context, limit);
    }

    private static async ValueTask<bool> FlushAndWaitAsync(ValueTask<bool> pending, HttpContext context, CancellationTokenSource limit)
    {
        try
        {
            await context.Response.BodyWriter.FlushAsync(limit.Token);
        }
        catch
        {
            // The upstream read in flight must end before the stream can be disposed: cancelling the request ends it.
            await limit.CancelAsync();
            try
            {
                await pending;
            }
            catch
            {
                // The flush's failure is the one reported.
            }

            throw;
        }

        return await pending;
    }

    /// <summary>Whether a stream failed because the upstream went silent: the client's stream idle limit ends it with a
    /// <see cref="ChatProviderException"/> (no status) whose inner exception is a <see cref="TimeoutException"/>.</summary>
    private static bool IsStreamIdleTimeout(Exception exception) =>
        exception is ChatProviderException { StatusCode: null, InnerException: TimeoutException };

    /// <summary>Writes one error event and sends it, within what is left of the request's time limit.</summary>
    private static async Task WriteErrorEventAsync(HttpContext context, OpenAIError error, CancellationToken limit)
    {
        using (var events = new SseEventWriter(context.Response.BodyWriter))
        {
            error.WriteTo(events.Begin());
            events.Commit();
        }

        try
        {
            await context.Response.BodyWriter.FlushAsync(limit);
        }
        catch (OperationCanceledException)
        {
            // The time limit ran out (it may be what is being reported, or the client stopped reading): the handler ends
            // now, which releases the upstream call; the server sends what was written at the client's pace.
        }
    }

    /// <summary>The request body, read once into a pooled buffer within <see cref="GatewayOptions.MaxRequestBodyBytes"/>.</summary>
    private static async Task<PooledBufferWriter> ReadBodyAsync(HttpContext context, GatewayOptions options)
    {
        long? declared = context.Request.ContentLength;
        if (declared > options.MaxRequestBodyBytes)
        {
            throw new OversizeException();
        }

        var body = new PooledBufferWriter((int)Math.Min(declared ?? 4096, options.MaxRequestBodyBytes) + 1);
        Stream stream = context.Request.Body;
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(body.GetMemory(4096), context.RequestAborted);
                if (read == 0)
                {
                    return body;
                }

                body.Advance(read);
                if (body.WrittenCount > options.MaxRequestBodyBytes)
                {
                    throw new OversizeException();
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new OversizeException();
        }
    }

    /// <summary>The body read into a <see cref="ChatCompletionRequest"/>; a mistake is a <see cref="ChatRequestException"/>.</summary>
    private static ChatCompletionRequest ParseRequest(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new ChatRequestException($"The request body is not valid JSON: {exception.Message}");
        }

        // The reader clones every element it keeps: nothing of the request points into the body once it returns.
        using (document)
        {
            try
            {
                return ChatCompletionRequestReader.Read(document.RootElement);
            }
            catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or UriFormatException)
            {
                throw new ChatRequestException($"The request body does not have OpenAI's chat completion shape: {exception.Message}");
            }
        }
    }

    /// <summary>The answer's <c>model</c>: the name the client asked for, unless a fallback model served the call (then
    /// that model's <c>provider:model</c> id, so the client can tell).</summary>
    private static string AnswerModel(string requestedModel, ServedModel model, string? served) =>
        served is null || string.Equals(served, model.Id, StringComparison.OrdinalIgnoreCase) ? requestedModel : served;

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    private static long Created(DateTimeOffset? at) => (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();

    private sealed class OversizeException : Exception;
}

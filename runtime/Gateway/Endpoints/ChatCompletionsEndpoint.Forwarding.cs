using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Gateway;

/// <summary>
/// The byte pass-through of a whole call (<see cref="IChatForwardingClient"/>): a request body the gateway fully
/// understands, for a model whose every route would send it unchanged, goes to the route as it came with only
/// <c>model</c> set (and a stream's <c>stream_options</c>); a non-streamed answer goes back as the upstream's bytes with
/// only <c>model</c> rewritten to the name the client asked for and <c>usage</c> the gateway's own, priced — the answer
/// the parsed path would write, as a client reads it. Key admission, the routing attempt loop, the time limits, the
/// error answers and the charge are the parsed path's.
/// </summary>
internal sealed partial class ChatCompletionsEndpoint
{
    private Task HandleForwardableAsync(HttpContext context, ForwardedChatRequest request)
    {
        ChatRequestHead head = request.Head;
        if (!catalog.TryFind(head.Model, out ServedModel? model) || model.Embeddings is not null ||
            model.Client is not TelemetryLayer { Forwarding: { } client } || !client.CanForward(head))
        {
            // Not to be forwarded (or an error to answer): the same body parsed, answered as every other request.
            return HandleParsedAsync(context, request.Body);
        }

        return UpstreamCallGuard.AdmitThenRunAsync(
            context, model, keys.AdmitAsync(GatewayCaller.KeyOf(context), model, head, context.RequestAborted), options.RequestTimeout, _logger,
            (Endpoint: this, context, request, model, client), static (state, call, limit) => state.Endpoint.ForwardAsync(state.context, state.request, state.model, call, state.client, limit));
    }

    /// <summary>The forwarded call, by kind (a dispatch, not a layer of its own: the stream's loop is what the call awaits).</summary>
    private Task ForwardAsync(
        HttpContext context, ForwardedChatRequest request, ServedModel model, KeyCall call, IChatForwardingClient client, CancellationTokenSource limit)
    {
        ChatRequestHead head = request.Head;
        return head.Stream
            ? PassThroughAsync(context, head.Model, head.IncludeUsage, model, call, client.ForwardEventsAsync(request, limit.Token), limit)
            : ForwardAnswerAsync(context, request, model, call, client, limit);
    }

    private async Task ForwardAnswerAsync(
        HttpContext context, ForwardedChatRequest request, ServedModel model, KeyCall call, IChatForwardingClient client, CancellationTokenSource limit)
    {
        ChatRequestHead head = request.Head;
        ForwardedAnswer answer = await client.ForwardAsync(request, limit.Token);
        try
        {
            if (answer.Parsed is { } parsed)
            {
                // The upstream's bytes were not the answer the gateway would write: written again, as on the parsed path.
                await AnswerAsync(context, head.Model, model, call, parsed, limit);
                return;
            }

            // Charged once the upstream answered, whether or not the client reads the answer.
            await call.SettleAsync(answer.Usage, RoutedCallInfo.ReadFrom(answer.Properties), null);
            // Room for the upstream's bytes and the gateway's usage in place of the upstream's.
            await JsonAnswer.SendAsync(context.Response, answer.Body.Length + JsonAnswer.InitialCapacity, (answer, Model: AnswerModel(head.Model, model)),
                static (output, state) => state.answer.WriteTo(output, state.Model, GatewayJson.WriterOptions), limit.Token);
        }
        finally
        {
            // The bytes were copied into the response.
            answer.Release();
        }
    }
}

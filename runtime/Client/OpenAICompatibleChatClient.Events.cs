using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>The client's streams as the upstream's chunk bytes (<see cref="IChatEventStreamClient"/>), for the gateway's
/// pass-through: the same request, transport, retries, idle and size limits as <see cref="GetStreamingResponseAsync"/>.</summary>
public sealed partial class OpenAICompatibleChatClient : IChatEventStreamClient
{
    /// <inheritdoc/>
    bool IChatEventStreamClient.CanStreamEvents(ChatOptions? options) =>
        _wireFormat is ChatCompletionsWireFormat &&
        string.IsNullOrEmpty(_configuration.Compatibility.ReasoningTag) &&
        // A JSON schema the provider cannot take is asked for as a forced tool call, and its arguments become the text.
        !(options?.ResponseFormat is ChatResponseFormatJson { Schema: not null } &&
          (_configuration.Compatibility.SupportedResponseFormat & ResponseFormatSupport.JsonSchema) == 0);

    /// <inheritdoc/>
    IAsyncEnumerable<ChatCompletionBatch> IChatEventStreamClient.StreamEventsAsync(
        IList<ChatMessage> history, ChatOptions? options, CancellationToken cancellationToken) =>
        StreamEventsAsync(history, options, forwarded: null, cancellationToken);

    /// <summary>The batches of a call written from <paramref name="history"/> and <paramref name="options"/>, or of a
    /// <paramref name="forwarded"/> body sent on as it is (then the call has no warnings).</summary>
    private async IAsyncEnumerable<ChatCompletionBatch> StreamEventsAsync(
        IList<ChatMessage>? history, ChatOptions? options, ForwardedChatRequest? forwarded, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ResolvedRequest request = Resolve(options);
        PooledBufferWriter body = forwarded is null
            ? _wireFormat.WriteRequest(history as IReadOnlyList<ChatMessage> ?? [.. history!], options, request, stream: true, _log)
            : forwarded.WriteFor(_configuration.RequestModel, stream: true, _configuration.Compatibility.IncludeUsage);
        System.Text.Json.JsonElement? warnings = forwarded is null ? request.Warnings : null;
        using HttpResponseMessage response = await _transport.SendStreamingAsync(_wireFormat.Path, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        string? requestId = ProviderError.ReadRequestId(response.Headers);
        var state = new ChatCompletionState(_configuration, structuredOutputFunction: null) { RequestId = requestId };
        Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // A server that ignored "stream": true: its one answer is read as GetStreamingResponseAsync reads it, then
            // written as the chunks it would have streamed.
            ChatResponse single = await ReadWholeAnswerAsync(response, content, request, requestId, cancellationToken).ConfigureAwait(false);
            body.Return();
            yield return ChatCompletionEventReader.FromResponse(single, state, warnings);
            yield break;
        }

        var stream = new GuardedAnswerStream(content, _configuration, requestId, AnswerLimits.MaxResponseBytes(_configuration), cancellationToken);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (ChatCompletionBatch batch in ChatCompletionEventReader.ReadAsync(stream, state, warnings, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }

        body.Return();
    }
}

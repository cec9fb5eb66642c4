using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>The <c>/chat/completions</c> format, as one client speaks it.</summary>
internal sealed class ChatCompletionsWireFormat(ChatModelConfiguration configuration) : IChatWireFormat
{
    /// <summary>The model id of this client's previous answer: a provider names the same model call after call, so
    /// the next answer reuses the string instead of allocating it again.</summary>
    private string? _lastModelId;

    public string Path => ProviderTransport.ChatCompletionsPath;

    public bool ReadsJsonBodyOfStreamedCall => true;

    public PooledBufferWriter WriteRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ResolvedRequest request, bool stream, OnceLogger log) =>
        ChatCompletionRequestWriter.Write(configuration, messages, options, request, stream, log);

    public ChatResponse ReadResponse(ReadOnlyMemory<byte> body, ResolvedRequest request, string? requestId)
    {
        var state = new ChatCompletionState(configuration, request.StructuredOutputFunction) { RequestId = requestId, LastModelId = _lastModelId };
        var contents = new List<AIContent>();
        ChatFinishReason? finishReason = ChatCompletionReader.ReadInto(body.Span, state, contents);
        state.Complete(contents);
        _lastModelId = state.ModelId ?? _lastModelId;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = state.ResponseId, CreatedAt = state.CreatedAt })
        {
            ResponseId = state.ResponseId,
            ModelId = state.ModelId,
            CreatedAt = state.CreatedAt,
            FinishReason = finishReason,
            Usage = state.TakeUsage(),
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> ReadStream(Stream stream, ResolvedRequest request, string? requestId, CancellationToken cancellationToken) =>
        ChatCompletionStreamReader.ReadAsync(stream, new ChatCompletionState(configuration, request.StructuredOutputFunction) { RequestId = requestId }, cancellationToken);
}

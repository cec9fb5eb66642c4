using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Responses;

/// <summary>The <c>/responses</c> format (the Responses API), as one client speaks it.</summary>
internal sealed class ResponsesWireFormat(ChatModelConfiguration configuration) : IChatWireFormat
{
    public string Path => ProviderTransport.ResponsesPath;

    /// <summary>No Responses server is known to ignore <c>"stream": true</c>: the answer is always read as events.</summary>
    public bool ReadsJsonBodyOfStreamedCall => false;

    public PooledBufferWriter WriteRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ResolvedRequest request, bool stream, OnceLogger log) =>
        ResponsesRequestWriter.Write(configuration, messages, options, request, stream, log);

    public ChatResponse ReadResponse(ReadOnlyMemory<byte> body, ResolvedRequest request, string? requestId) =>
        ResponsesReader.Read(body, configuration, request.StructuredOutputFunction, requestId);

    public IAsyncEnumerable<ChatResponseUpdate> ReadStream(Stream stream, ResolvedRequest request, string? requestId, CancellationToken cancellationToken) =>
        ResponsesStreamReader.ReadAsync(stream, new ResponsesStreamState(configuration, request.StructuredOutputFunction) { RequestId = requestId }, cancellationToken);
}

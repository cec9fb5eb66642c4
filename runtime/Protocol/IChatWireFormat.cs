using Microsoft.Extensions.AI;
using ModelRegistry.Protocol.ChatCompletions;
using ModelRegistry.Protocol.Responses;

namespace ModelRegistry.Protocol;

/// <summary>
/// One OpenAI wire format as the client speaks it: where a chat call goes, how its request body is written, and how
/// the answer — one JSON body or an event stream — is read. Chosen once per client
/// (<see cref="For(ChatModelConfiguration)"/>), so the client itself never asks which API it talks to.
/// </summary>
/// <remarks>An instance belongs to one client and may keep what helps it read the next answer faster (the model id
/// string of the last answer), never anything a call must not share with another.</remarks>
internal interface IChatWireFormat
{
    /// <summary>The path of a chat call, relative to the endpoint (a <see cref="ProviderTransport"/> path constant).</summary>
    string Path { get; }

    /// <summary>Whether a streamed call answered with one JSON body (servers and proxies that ignore
    /// <c>"stream": true</c>) is read as such rather than as an event stream.</summary>
    bool ReadsJsonBodyOfStreamedCall { get; }

    /// <summary>Writes the request body into a pooled buffer, which the caller returns once the answer was read.</summary>
    PooledBufferWriter WriteRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ResolvedRequest request, bool stream, OnceLogger log);

    /// <summary>Reads a whole (non-streamed) answer; throws <see cref="System.Text.Json.JsonException"/> for a body
    /// that is not the expected JSON and <see cref="ChatProviderException"/> for an error the body reports.</summary>
    ChatResponse ReadResponse(ReadOnlyMemory<byte> body, ResolvedRequest request, string? requestId);

    /// <summary>Reads an event stream into updates; a stream that breaks off or ends early throws
    /// <see cref="ChatProviderException"/>.</summary>
    IAsyncEnumerable<ChatResponseUpdate> ReadStream(Stream stream, ResolvedRequest request, string? requestId, CancellationToken cancellationToken);

    /// <summary>The format the configuration asks for: the Responses API when
    /// <see cref="ChatModelSettings.UseResponsesApi"/> is set, chat completions otherwise.</summary>
    static IChatWireFormat For(ChatModelConfiguration configuration) =>
        configuration.Settings?.UseResponsesApi == true
            ? new ResponsesWireFormat(configuration)
            : new ChatCompletionsWireFormat(configuration);
}

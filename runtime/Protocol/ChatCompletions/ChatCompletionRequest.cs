using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>A <c>POST /v1/chat/completions</c> body read into Microsoft.Extensions.AI types by <see cref="ChatCompletionRequestReader"/>.</summary>
internal sealed class ChatCompletionRequest
{
    /// <summary>The requested model id (<c>provider:model</c> or a served name).</summary>
    public required string Model { get; init; }

    /// <summary>The conversation, read into Microsoft.Extensions.AI messages.</summary>
    public required List<ChatMessage> Messages { get; init; }

    /// <summary>The request's parameters, with the unknown fields passed on as extra body fields.</summary>
    public required ChatOptions Options { get; init; }

    /// <summary>Whether the answer is streamed as server-sent events.</summary>
    public bool Stream { get; init; }

    /// <summary>Whether the client asked for the usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }
}

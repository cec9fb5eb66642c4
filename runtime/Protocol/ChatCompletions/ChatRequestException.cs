namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>A chat-completions request body that <see cref="ChatCompletionRequestReader"/> cannot read; the gateway answers it
/// with 400 and OpenAI's error shape.</summary>
internal sealed class ChatRequestException(string message, string? param = null) : Exception(message)
{
    /// <summary>The request field at fault (OpenAI's <c>param</c>), when one is.</summary>
    public string? Param { get; } = param;
}

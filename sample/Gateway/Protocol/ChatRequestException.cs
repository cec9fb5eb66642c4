namespace ModelRegistry.Gateway;

/// <summary>A request body the gateway cannot read; answered with 400 and OpenAI's error shape.</summary>
public sealed class ChatRequestException(string message, string? param = null) : Exception(message)
{
    public string? Param { get; } = param;
}

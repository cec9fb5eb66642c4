using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ConsoleSample;

/// <summary>
/// A "case 1" provider: any <see cref="IChatClient"/> of your own. The generated code constructs it by parameter name
/// (<c>model</c> here) and wraps it, so it answers <c>GetService</c> like every other model. This one runs offline:
/// it reverses what you say.
/// </summary>
internal sealed class EchoChatClient(string model) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string said = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        string reply = $"{new string(said.Reverse().ToArray())}  (local model '{model}' reverses what you say; set VLLM_API_BASE to talk to a vLLM server)";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)) { ModelId = model });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

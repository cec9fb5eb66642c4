using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// The offline provider: answers every request by repeating the last user message, word by word when streaming,
/// with its usage estimated. It needs no network, key or GPU, so the gateway works on a fresh machine.
/// </summary>
public sealed class OfflineChatClient : IChatClient
{
    private readonly string _model;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Called by the generated registry with the model id being loaded.</summary>
    public OfflineChatClient(string model)
    {
        _model = model;
        _metadata = new ChatClientMetadata("local", providerUri: null, defaultModelId: model);
    }

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        string answer = Answer(history);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ResponseId = "chatcmpl-offline-" + Guid.NewGuid().ToString("N"),
            ModelId = _model,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(history, options, answer),
        };
        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        string answer = Answer(history);
        string id = "chatcmpl-offline-" + Guid.NewGuid().ToString("N");
        DateTimeOffset created = DateTimeOffset.UtcNow;
        string[] words = answer.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i])
            {
                ResponseId = id,
                ModelId = _model,
                CreatedAt = created,
            };
        }

        yield return new ChatResponseUpdate
        {
            ResponseId = id,
            ModelId = _model,
            CreatedAt = created,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(Usage(history, options, answer))],
        };
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(ChatClientMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private string Answer(IList<ChatMessage> history)
    {
        string said = history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        return said.Length == 0
            ? $"Offline model {_model} is running. Configure a route to a real model in docs/gateway.md."
            : $"Offline model {_model} heard: {said}";
    }

    private static UsageDetails Usage(IList<ChatMessage> history, ChatOptions? options, string answer)
    {
        long input = UsageEstimator.EstimateInputTokens(history, options);
        long output = UsageEstimator.EstimateOutputTokens(answer.Length);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }
}

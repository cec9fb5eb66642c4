using System.Text.Json;
using Benchmarks.Registry;
using Microsoft.Extensions.AI;
using ModelRegistry;

namespace Benchmarks.Gateway;

/// <summary>
/// The breakdown row of the gateway load test: the gateway's own upstream client (<see cref="OpenAICompatibleChatClient"/>,
/// no routing, no Kestrel in front) called in the load test's process against the same upstream, with the same
/// conversation and tool the HTTP requests carry — what the gateway pays for the upstream call alone.
/// </summary>
public sealed class ClientCall
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Delete .env and test.txt")];

    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    /// <summary>A client for the built-in vLLM provider pointed at <paramref name="upstream"/>.</summary>
    public ClientCall(Uri upstream)
    {
        _client = new OpenAICompatibleChatClient(new ChatModelConfiguration
        {
            Provider = BenchmarkModels.Vllm.Info,
            Model = "gpt-4o",
            Endpoint = upstream,
        });
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""");
        _options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("delete_file", "Deletes a file", schema.RootElement.Clone())] };
    }

    /// <summary>One non-streaming call; true when the answer holds the recorded tool calls.</summary>
    public async Task<bool> CompleteAsync()
    {
        ChatResponse response = await _client.GetResponseAsync(Messages, _options).ConfigureAwait(false);
        return response.Messages.Count > 0 && response.Messages[^1].Contents.OfType<FunctionCallContent>().Any();
    }

    /// <summary>One streaming call read to its end; true when it produced updates.</summary>
    public async Task<bool> StreamAsync()
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync(Messages, _options).ConfigureAwait(false))
        {
            updates++;
        }

        return updates > 0;
    }
}

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using ModelRegistry;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Benchmarks.Client;

/// <summary>
/// Target 3, streaming: one streamed answer of <see cref="ContentChunks"/> content chunks (the recorded
/// <see cref="RecordedTraffic.StreamFixture"/>'s, repeated) parsed into <see cref="ChatResponseUpdate"/>s by the
/// library's client, against the official <c>OpenAI</c> package's <see cref="ChatClient"/> parsing the same bytes into
/// its <see cref="StreamingChatCompletionUpdate"/>s. Both read from an in-memory handler. Results are per content
/// chunk: the mean is the time per update (updates/s = 10⁹ / ns) and Allocated is the bytes per update.
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    /// <summary>The content chunks of one streamed answer.</summary>
    public const int ContentChunks = 10_000;

    private readonly ChatMessage[] _messages = [new(ChatRole.User, "What is the capital of France? Answer in one sentence.")];
    private readonly OpenAI.Chat.ChatMessage[] _sdkMessages = [new UserChatMessage("What is the capital of France? Answer in one sentence.")];
    private OpenAICompatibleChatClient _library = null!;
    private ChatClient _sdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] stream = RecordedTraffic.RepeatedStream(ContentChunks);
        _library = ProviderClients.Library(new InMemoryProviderHandler(stream, "text/event-stream"));
        _sdk = ProviderClients.OfficialSdk(new InMemoryProviderHandler(stream, "text/event-stream"));

        // Both must see every content chunk, or the per-update figures compare different work.
        int library = Library().GetAwaiter().GetResult();
        int sdk = OfficialSdk().GetAwaiter().GetResult();
        if (library < ContentChunks || sdk < ContentChunks)
        {
            throw new InvalidOperationException($"Expected at least {ContentChunks} updates; the library produced {library}, the SDK {sdk}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _library.Dispose();

    /// <summary>The official SDK: every chunk becomes a <see cref="StreamingChatCompletionUpdate"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ContentChunks)]
    public async Task<int> OfficialSdk()
    {
        int updates = 0;
        await foreach (StreamingChatCompletionUpdate update in _sdk.CompleteChatStreamingAsync(_sdkMessages))
        {
            updates += update.ContentUpdate.Count > 0 || update.FinishReason is not null ? 1 : 0;
        }

        return updates;
    }

    /// <summary>The library: every chunk with content becomes a <see cref="ChatResponseUpdate"/>.</summary>
    [Benchmark(OperationsPerInvoke = ContentChunks)]
    public async Task<int> Library()
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in _library.GetStreamingResponseAsync(_messages))
        {
            updates += update.Contents.Count > 0 || update.FinishReason is not null ? 1 : 0;
        }

        return updates;
    }
}

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
/// its <see cref="StreamingChatCompletionUpdate"/>s, and against that SDK behind <c>Microsoft.Extensions.AI.OpenAI</c>'s
/// <c>AsIChatClient()</c> producing <see cref="ChatResponseUpdate"/>s like the library. All read from an in-memory handler.
/// Results are per content chunk: the mean is the time per update (updates/s = 10⁹ / ns) and Allocated is the bytes per update.
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
    private IChatClient _extensionsAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] stream = RecordedTraffic.RepeatedStream(ContentChunks);
        _library = ProviderClients.Library(new InMemoryProviderHandler(stream, "text/event-stream"));
        _sdk = ProviderClients.OfficialSdk(new InMemoryProviderHandler(stream, "text/event-stream"));
        _extensionsAI = ProviderClients.MicrosoftExtensionsAI(new InMemoryProviderHandler(stream, "text/event-stream"));

        // All must see every content chunk, or the per-update figures compare different work.
        int library = Library().GetAwaiter().GetResult();
        int sdk = OfficialSdk().GetAwaiter().GetResult();
        int extensionsAI = MicrosoftExtensionsAIOpenAI().GetAwaiter().GetResult();
        if (library < ContentChunks || sdk < ContentChunks || extensionsAI < ContentChunks)
        {
            throw new InvalidOperationException(
                $"Expected at least {ContentChunks} updates; the library produced {library}, the SDK {sdk}, the SDK through AsIChatClient() {extensionsAI}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _library.Dispose();
        _extensionsAI.Dispose();
    }

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

    /// <summary>The SDK through <c>AsIChatClient()</c>: every chunk is parsed by the SDK, then converted to a <see cref="ChatResponseUpdate"/>.</summary>
    [Benchmark(OperationsPerInvoke = ContentChunks)]
    public Task<int> MicrosoftExtensionsAIOpenAI() => CountUpdatesAsync(_extensionsAI);

    /// <summary>The library: every chunk with content becomes a <see cref="ChatResponseUpdate"/>.</summary>
    [Benchmark(OperationsPerInvoke = ContentChunks)]
    public Task<int> Library() => CountUpdatesAsync(_library);

    /// <summary>Both Microsoft.Extensions.AI clients are counted the same way: an update with content or a finish reason.</summary>
    private async Task<int> CountUpdatesAsync(IChatClient client)
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(_messages).ConfigureAwait(false))
        {
            updates += update.Contents.Count > 0 || update.FinishReason is not null ? 1 : 0;
        }

        return updates;
    }
}

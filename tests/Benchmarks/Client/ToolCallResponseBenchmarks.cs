using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using ModelRegistry;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Benchmarks.Client;

/// <summary>
/// Target 3, non-streaming: the recorded answer with parallel tool calls
/// (<see cref="RecordedTraffic.ToolCallsFixture"/>) parsed into a <see cref="ChatResponse"/> with its
/// <see cref="FunctionCallContent"/>s by the library's client, against the official <c>OpenAI</c> package's
/// <see cref="ChatClient"/> parsing it into a <see cref="ChatCompletion"/>, and against that SDK behind
/// <c>Microsoft.Extensions.AI.OpenAI</c>'s <c>AsIChatClient()</c> producing a <see cref="ChatResponse"/> like the library.
/// All read from an in-memory handler; results are per response, request included.
/// </summary>
[MemoryDiagnoser]
public class ToolCallResponseBenchmarks
{
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "Delete .env and test.txt.")];
    private readonly OpenAI.Chat.ChatMessage[] _sdkMessages = [new UserChatMessage("Delete .env and test.txt.")];
    private OpenAICompatibleChatClient _library = null!;
    private ChatClient _sdk = null!;
    private IChatClient _extensionsAI = null!;
    private HttpClient _transport = null!;
    private byte[] _requestBody = [];
    private byte[] _answer = [];

    [GlobalSetup]
    public void Setup()
    {
        byte[] body = RecordedTraffic.ToolCallsResponse();
        _answer = body;
        _library = ProviderClients.Library(new InMemoryProviderHandler(body, "application/json"));
        _sdk = ProviderClients.OfficialSdk(new InMemoryProviderHandler(body, "application/json"));
        _extensionsAI = ProviderClients.MicrosoftExtensionsAI(new InMemoryProviderHandler(body, "application/json"));
        _transport = new HttpClient(new InMemoryProviderHandler(body, "application/json"));
        _requestBody = System.Text.Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[{"role":"user","content":"Delete .env and test.txt."}]}""");

        int library = Library().GetAwaiter().GetResult();
        int sdk = OfficialSdk().GetAwaiter().GetResult();
        int extensionsAI = MicrosoftExtensionsAIOpenAI().GetAwaiter().GetResult();
        if (library < 2 || library != sdk || library != extensionsAI)
        {
            throw new InvalidOperationException(
                $"Every client must see the recorded parallel tool calls; the library saw {library}, the SDK {sdk}, the SDK through AsIChatClient() {extensionsAI}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _library.Dispose();
        _extensionsAI.Dispose();
        _transport.Dispose();
    }

    /// <summary>The official SDK; the result is the number of tool calls it parsed.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OfficialSdk()
    {
        ChatCompletion completion = (await _sdk.CompleteChatAsync(_sdkMessages)).Value;
        int calls = 0;
        foreach (ChatToolCall call in completion.ToolCalls)
        {
            calls += call.FunctionArguments.ToMemory().Length > 0 ? 1 : 0;
        }

        return calls;
    }

    /// <summary>The SDK through <c>AsIChatClient()</c>; the result is the number of function calls it converted.</summary>
    [Benchmark]
    public async Task<int> MicrosoftExtensionsAIOpenAI() => CountFunctionCalls(await _extensionsAI.GetResponseAsync(_messages).ConfigureAwait(false));

    /// <summary>The library; the result is the number of function calls it parsed.</summary>
    [Benchmark]
    public async Task<int> Library() => CountFunctionCalls(await _library.GetResponseAsync(_messages).ConfigureAwait(false));

    private static int CountFunctionCalls(ChatResponse response)
    {
        int calls = 0;
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                calls += content is FunctionCallContent { Arguments: not null } ? 1 : 0;
            }
        }

        return calls;
    }

    /// <summary>The floor both clients stand on: a bare <see cref="HttpClient"/> posting a small body through the same
    /// handler and reading the answer's bytes, with no JSON written or read.</summary>
    [Benchmark]
    public async Task<int> TransportFloor()
    {
        using var content = new ByteArrayContent(_requestBody);
        using HttpResponseMessage response = await _transport.PostAsync("http://provider.invalid/v1/chat/completions", content);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>The other floor: reading every JSON token of the recorded answer once with <see cref="System.Text.Json.Utf8JsonReader"/>,
    /// creating nothing — what any client that looks at the whole answer pays, before it builds a single object.</summary>
    [Benchmark]
    public int JsonTokenFloor()
    {
        var reader = new System.Text.Json.Utf8JsonReader(_answer);
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}

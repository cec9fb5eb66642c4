using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;
using ModelRegistry.Protocol.ChatCompletions;
using Xunit.Abstractions;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// Where one non-streamed <see cref="OpenAICompatibleChatClient.GetResponseAsync"/> allocates, phase by phase, on the
/// recorded parallel-tool-call answer served from memory (the benchmark's setup, docs/benchmarks.md section 3). The
/// whole call completes synchronously on an in-memory handler, so <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around each phase is exact. The figures go to the test output; the assertions keep the total from creeping back up.
/// </summary>
public sealed class NonStreamingAllocationProfileTests(ITestOutputHelper output)
{
    private const string ToolCallAnswer = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";
    private const int Calls = 200;
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Delete .env and test.txt.")];

    [Fact]
    public async Task Tool_call_answer_allocates_within_its_budget()
    {
        byte[] body = Fixtures.Bytes(ToolCallAnswer);
        var handler = new MeasuringHandler(body);
        using var httpClient = new HttpClient(handler);
        ChatModelConfiguration configuration = Configuration(httpClient);
        using var client = new OpenAICompatibleChatClient(configuration);

        for (int warmUp = 0; warmUp < 20; warmUp++)
        {
            await client.GetResponseAsync(Messages);
        }

        handler.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < Calls; call++)
        {
            handler.MarkCallStart();
            Task<ChatResponse> pending = client.GetResponseAsync(Messages);
            Assert.True(pending.IsCompleted, "The in-memory call must complete synchronously for the profile to be exact.");
            Assert.Equal(2, (await pending).Messages[0].Contents.OfType<FunctionCallContent>().Count());
        }

        long total = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        long beforeHandler = handler.BeforeHandler / Calls;
        long inHandler = handler.InHandler / Calls;
        long afterHandler = total - beforeHandler - inHandler;

        var log = new OnceLogger(null, "openai", "gpt-4o-mini");
        // The client resolves calls without options once; this is what a call with options pays.
        long resolve = Measure(() => RequestResolver.Resolve(configuration, null, log));
        ResolvedRequest request = RequestResolver.Resolve(configuration, null, log);
        long write = Measure(() =>
        {
            PooledBufferWriter written = ChatCompletionRequestWriter.Write(configuration, Messages, null, request, stream: false, log);
            written.Return();
            return written;
        });
        long parse = Measure(() =>
        {
            var state = new ChatCompletionState(configuration, null);
            var contents = new List<AIContent>();
            ChatCompletionReader.ReadInto(body, state, contents);
            state.Complete(contents);
            return contents;
        });
        var emptyContents = new List<AIContent>();
        long result = Measure(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, emptyContents) { MessageId = "id" }) { ResponseId = "id", FinishReason = ChatFinishReason.ToolCalls });
        long arguments = Measure(() => ToolCallAssembler.ParseArguments("{\"path\": \".env\"}"));
        long argumentsRead = Measure(() => ToolCallAssembler.ParseArguments("{\"path\": \".env\"}")!.Count);

        // The least any client can do through HttpClient: one request with a body and a bearer header, the answer's
        // stream read into a pooled buffer; the handler's own allocations are included, as in the call above.
        byte[] requestBytes = new byte[128];
        var bearer = new AuthenticationHeaderValue("Bearer", "sk-benchmark-not-a-key");
        var requestUri = new Uri("http://provider.invalid/v1/chat/completions");
        long transport = Measure(() =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, requestUri) { Content = new ReadOnlyMemoryContent(requestBytes) };
            message.Content.Headers.ContentType = JsonContentType;
            message.Headers.Authorization = bearer;
            ValueTask<int> read = SendAndReadAsync(httpClient, message);
            Assert.True(read.IsCompleted);
            return read.GetAwaiter().GetResult();
        });

        output.WriteLine($"total per call:                                   {total,6} B");
        output.WriteLine($"  bare HttpClient send + pooled read, handler incl.: {transport,6} B");
        output.WriteLine($"  start of call -> handler entered:                 {beforeHandler,6} B");
        output.WriteLine($"    of which ChatCompletionRequestWriter.Write:               {write,6} B");
        output.WriteLine($"  inside the in-memory handler:                     {inHandler,6} B");
        output.WriteLine($"  handler returned -> ChatResponse:                 {afterHandler,6} B");
        output.WriteLine($"    of which chunk reader + tool calls + usage:     {parse,6} B");
        output.WriteLine($"    of which ChatResponse + ChatMessage + list:     {result,6} B");
        output.WriteLine($"  (one call's arguments, checked, not yet built:    {arguments,6} B)");
        output.WriteLine($"  (the same, then read, which builds its dictionary: {argumentsRead,6} B)");
        output.WriteLine($"  (RequestResolver.Resolve, for a call with options: {resolve,6} B)");
        Assert.True(total < 4_500, $"One non-streamed tool-call answer allocated {total} B.");
    }

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private static async ValueTask<int> SendAndReadAsync(HttpClient httpClient, HttpRequestMessage message)
    {
        using HttpResponseMessage response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        Stream stream = await response.Content.ReadAsStreamAsync();
        int total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
        }

        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return total;
    }

    private static long Measure<T>(Func<T> action)
    {
        for (int warmUp = 0; warmUp < 10; warmUp++)
        {
            GC.KeepAlive(action());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < Calls; call++)
        {
            GC.KeepAlive(action());
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static ChatModelConfiguration Configuration(HttpClient httpClient) => new()
    {
        Provider = new ProviderInfo { Name = "openai", EnvironmentPrefix = "OPENAI", Models = [] },
        Model = "gpt-4o-mini",
        Endpoint = new Uri("http://provider.invalid/v1"),
        ApiKey = "sk-benchmark-not-a-key",
        Headers = [],
        Compatibility = CompatibilityOptions.Default,
        Settings = new ChatModelSettings { HttpClient = httpClient },
    };

    /// <summary>The benchmark's in-memory provider (tests/Benchmarks/Client/InMemoryProviderHandler.cs), counting the
    /// bytes allocated before it is entered and inside it.</summary>
    private sealed class MeasuringHandler(byte[] body) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue ContentType = new("application/json");
        private long _callStart;

        public long BeforeHandler { get; private set; }

        public long InHandler { get; private set; }

        public void Reset()
        {
            BeforeHandler = 0;
            InHandler = 0;
        }

        public void MarkCallStart() => _callStart = GC.GetAllocatedBytesForCurrentThread();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            long entered = GC.GetAllocatedBytesForCurrentThread();
            BeforeHandler += entered - _callStart;
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StreamContent(new MemoryStream(body, writable: false)),
            };
            response.Content.Headers.ContentType = ContentType;
            InHandler += GC.GetAllocatedBytesForCurrentThread() - entered;
            return response;
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>HTTP errors, errors inside streams, incomplete streams, retries, timeouts and cancellation.</summary>
public sealed class ErrorTests
{
    private const string ApiKey = "sk-test-secret-key";

    [Theory]
    [InlineData("errors/groq-400-tool-use-failed.json", null, HttpStatusCode.BadRequest, "tool_use_failed", "Tool call validation failed")]
    [InlineData("errors/groq-404-model-not-found.json", null, HttpStatusCode.NotFound, "model_not_found", "The model `llama-3.3-70b-versatlie` does not exist")]
    [InlineData("errors/openai-404-model-not-found.json", null, HttpStatusCode.NotFound, "model_not_found", "The model `gpt-5.2-proo` does not exist")]
    [InlineData("errors/deepseek-responses-400-octet-stream.json", null, HttpStatusCode.BadRequest, "invalid_request_error", "No tool output found for tool call call-a.")]
    [InlineData("errors/openrouter-429-upstream-rate-limited.json", null, HttpStatusCode.TooManyRequests, "429", "Provider returned error: google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream")]
    [InlineData("errors/vllm-400-auto-tool-choice-not-enabled.json", 400, HttpStatusCode.BadRequest, "BadRequestError", "\"auto\" tool choice requires --enable-auto-tool-choice")]
    [InlineData("errors/dashscope-400-invalid-tool-arguments.json", 400, HttpStatusCode.BadRequest, "invalid_parameter_error", "<400> InternalError.Algo.InvalidParameter")]
    [InlineData("errors/vercel-gateway-404-model-not-found.json", 404, HttpStatusCode.NotFound, "model_not_found", "Model 'invalid-provider/invalid-model' not found")]
    [InlineData("errors/llamacpp-503-loading-model.json", 503, HttpStatusCode.ServiceUnavailable, "unavailable_error", "Loading model")]
    [InlineData("errors/openai-insufficient-quota.json", 429, HttpStatusCode.TooManyRequests, "insufficient_quota", "You exceeded your current quota")]
    [InlineData("errors/openai-400-unsupported-parameter-max-tokens.json", 400, HttpStatusCode.BadRequest, "unsupported_parameter", "Unsupported parameter: 'max_tokens'")]
    public async Task Recorded_http_errors_become_typed_exceptions(string path, int? status, HttpStatusCode expectedStatus, string expectedCode, string expectedMessageStart)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path, status));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "recorded");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal("recorded", error.Provider);
        Assert.Equal(expectedStatus, error.StatusCode);
        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.StartsWith(expectedMessageStart, error.ProviderMessage, StringComparison.Ordinal);
        Assert.Contains(expectedMessageStart, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_request_id_comes_from_the_body_or_the_headers()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("errors/dashscope-400-invalid-tool-arguments.json", 400),
            Fixtures.Reply("errors/groq-404-model-not-found.json") with { Headers = new Dictionary<string, string> { ["x-request-id"] = "req_from_header" } });
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatProviderException fromBody = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));
        ChatProviderException fromHeader = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal("46d4b65d-a6a7-9d02-a198-ce9eab53accd", fromBody.RequestId);
        Assert.Equal("req_from_header", fromHeader.RequestId);
        Assert.Contains("req_from_header", fromHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html401_never_shows_the_key()
    {
        // Hand-written: no recording of a 401 exists; a proxy's HTML page that echoes the key it rejected.
        var reply = new ServerReply(401, "text/html", System.Text.Encoding.UTF8.GetBytes($"<html><body>Invalid key {ApiKey}</body></html>"));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(reply);
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 3);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("Invalid key ***", error.ProviderMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Single(server.Requests); // 401 is not retried
    }

    [Fact]
    public async Task Groq_error_event_mid_stream_throws_after_the_updates_before_it()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/groq-midstream-error-event.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "groq", maxRetries: 2);
        var received = new List<ChatResponseUpdate>();

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TestClients.Ask("q")))
            {
                received.Add(update);
            }
        });

        Assert.NotEmpty(received.SelectMany(update => update.Contents).OfType<TextReasoningContent>());
        Assert.Equal("tool_use_failed", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith("Tool call validation failed", error.ProviderMessage, StringComparison.Ordinal);
        Assert.Single(server.Requests); // never retried once the stream has yielded
    }

    [Fact]
    public async Task OpenRouter_error_object_after_the_finish_chunk_throws()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/openrouter-midstream-error-keepalive.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "openrouter");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Equal("Token limit reached", error.ProviderMessage);
        Assert.Equal("400", error.ErrorCode);
        Assert.Equal("openrouter", error.Provider);
    }

    [Fact]
    public async Task A_stream_ending_without_finish_reason_or_done_is_an_error()
    {
        // Hand-written cut stream: the first two chunks of a recording, then the connection closes cleanly.
        const string stream = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"The capital"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" of"},"finish_reason":null}]}


            """;
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(stream));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task A_connection_reset_mid_stream_is_an_error()
    {
        // Hand-written: the server resets the connection after one chunk.
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes("data: {\"id\":\"c\",\"model\":\"m\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n");
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(new ServerReply(200, "text/event-stream", bytes) { AbortAfterBody = true });
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 2);

        await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_data_line_that_is_not_json_is_an_error()
    {
        // Hand-written: a proxy that injects a plain-text line into the stream.
        const string stream = "data: {\"id\":\"c\",\"model\":\"m\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: upstream timeout\n\ndata: [DONE]\n\n";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(stream));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Contains("not a JSON chunk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_success_body_is_an_error()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(new ServerReply(200, "text/html", "<html>gateway</html>"u8.ToArray()));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task A_streaming_request_answered_with_one_json_body_still_works()
    {
        // The recorded non-streamed body, served to a streaming request (servers and proxies that ignore "stream": true).
        const string path = "chat-completions/deepseek-reasoner-reasoning-content.json";
        RecordedAnswer recorded = RecordedAnswer.FromCompletion(Fixtures.Json(path));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(path));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatResponse response = (await TestClients.StreamAsync(client, TestClients.Ask("q"))).ToChatResponse();

        Assert.Equal(recorded.Content.ToString(), response.Text);
        Assert.Equal(315, response.Usage!.ReasoningTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task An_error_object_with_status200_is_an_error()
    {
        // Hand-written: a gateway that answers 200 with the recorded OpenAI quota error as its body.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/openai-insufficient-quota.json", 200));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Equal("insufficient_quota", error.ErrorCode);
    }

    [Fact]
    public async Task Transient5xx_is_retried_then_succeeds()
    {
        // Hand-written 502 (no recorded 5xx body besides llama.cpp's 503) before the recorded answer.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(502, "text/plain", "Bad Gateway"u8.ToArray()),
            Fixtures.Reply("errors/llamacpp-503-loading-model.json", 503),
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        var delays = new List<TimeSpan>();
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 2, recordedDelays: delays, settings: new ChatModelSettings { LoggerFactory = logs });

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("q"));

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(2, logs.Entries.Count(entry => entry.Message.Contains("retry", StringComparison.Ordinal)));
        Assert.All(logs.Entries, entry => Assert.DoesNotContain(ApiKey, entry.Message, StringComparison.Ordinal));
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, delays.Count);
        Assert.All(server.Requests, request => Assert.Equal(server.Requests[0].Body, request.Body));
    }

    [Fact]
    public async Task RetryAfter_is_honoured()
    {
        // Hand-written: the OpenRouter 429 recording carries no Retry-After, so this one adds it.
        ServerReply limited = Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "7" } };
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(limited, Fixtures.Reply("chat-streaming/vllm-crusoe-llama-3.3-text-usage.sse"));
        var delays = new List<TimeSpan>();
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 1, recordedDelays: delays);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("count"));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(delays));
        Assert.Equal("1, 2, 3, 4, 5", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Retries_stop_at_max_retries()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json"),
            Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json"),
            Fixtures.Reply("errors/openrouter-429-upstream-rate-limited.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 2);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_then_reported()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var delays = new List<TimeSpan>();
        var configuration = new ChatModelConfiguration
        {
            Provider = new ProviderInfo { Name = "down", EnvironmentPrefix = "DOWN" },
            Model = "m",
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1"),
            ApiKey = ApiKey,
            MaxRetries = 2,
        };
        using var client = new OpenAICompatibleChatClient(configuration, new RetryTiming { Delay = (delay, _) => { delays.Add(delay); return Task.CompletedTask; } });

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Null(error.StatusCode);
        Assert.Equal(2, delays.Count);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using OpenAICompatibleChatClient client = TestClients.Create(server, timeout: TimeSpan.FromMilliseconds(200));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("q")));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task Cancellation_is_prompt()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using OpenAICompatibleChatClient client = TestClients.Create(server, maxRetries: 3);
        using var cancellation = new CancellationTokenSource();
        Task<ChatResponse> call = client.GetResponseAsync(TestClients.Ask("q"), cancellationToken: cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}

using System.ClientModel;
using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;
using OllamaSharp.Models.Exceptions;

namespace ModelRegistry.Tests.CaseOne;

/// <summary>
/// A case-1 client's failures are the library's: the OpenAI SDK's <see cref="ClientResultException"/> and OllamaSharp's
/// own exceptions reach the caller as <see cref="ChatProviderException"/> (provider, status, Retry-After, a message
/// without the key, the client's exception inside), streamed or not, so routing reads their status like any route's —
/// a 503 of the first route falls back to the second, a 400 reaches the caller — all against real loopback servers.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CaseOneFailureTests
{
    /// <summary>Long enough that the redactor takes it out wherever it appears (the upstream echoes it).</summary>
    private const string Key = "sk-case-one-secret-0123456789";
    private const string OllamaChat = "ollama-native/chat-llama3.2-handmade.json";
    private const string OpenAIChat = "chat-completions/openai-gpt-4o-mini-cached-tokens.json";
    private const string OpenAIStream = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";

    private static ServerReply OpenAIError(int status, string code) => ServerReply.Json(
        $$$"""{"error":{"message":"Refused for key {{{Key}}}.","type":"invalid_request_error","param":null,"code":"{{{code}}}"}}""", status)
        with { Headers = new Dictionary<string, string> { ["x-request-id"] = "req_case_one" } };

    private static Uri Root(LoopbackProviderServer server) => new(server.Endpoint, "/");

    private static IChatClient LoadSdk(LoopbackProviderServer server) =>
        CaseOneModels.LoadChatModel("openai-sdk:gpt-4o-mini", new ChatModelSettings { Endpoint = server.Endpoint });

    [Theory]
    [InlineData(429, "rate_limit_exceeded")]
    [InlineData(500, "server_error")]
    [InlineData(401, "invalid_api_key")]
    public async Task An_OpenAI_SDK_failure_is_a_ChatProviderException_with_provider_status_and_no_key(int status, string code)
    {
        using var environment = new EnvironmentScope(("OPENAI_SDK_API_KEY", Key));
        ServerReply reply = OpenAIError(status, code);
        if (status == 429)
        {
            reply = reply with { Headers = new Dictionary<string, string> { ["x-request-id"] = "req_case_one", ["Retry-After"] = "7" } };
        }

        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(reply);
        using IChatClient chat = LoadSdk(openai);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetResponseAsync("Say ok"));

        Assert.Equal("openai-sdk", error.Provider);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("req_case_one", error.RequestId);
        Assert.Equal("Refused for key ***.", error.ProviderMessage);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.Contains($"openai-sdk answered {status}", error.Message, StringComparison.Ordinal);
        Assert.Equal(status, Assert.IsType<ClientResultException>(error.InnerException).Status);
        Assert.Equal(status == 429 ? TimeSpan.FromSeconds(7) : null, error.RetryAfter);
    }

    [Fact]
    public async Task A_streamed_OpenAI_SDK_failure_is_a_ChatProviderException_too()
    {
        using var environment = new EnvironmentScope(("OPENAI_SDK_API_KEY", Key));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(OpenAIError(503, "overloaded"));
        using IChatClient chat = LoadSdk(openai);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Say ok"))
            {
                Assert.Fail("no update was expected, got: " + update.Text);
            }
        });

        Assert.Equal("openai-sdk", error.Provider);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.IsType<ClientResultException>(error.InnerException);
    }

    [Fact]
    public async Task A_stream_cut_while_the_OpenAI_SDK_reads_it_fails_as_a_ChatProviderException_without_status()
    {
        using var environment = new EnvironmentScope(("OPENAI_SDK_API_KEY", Key));
        byte[] recorded = Fixtures.Bytes(OpenAIStream);
        ServerReply cut = new ServerReply(200, "text/event-stream", recorded[..(recorded.Length / 2)]) { AbortAfterBody = true };
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(cut);
        using IChatClient chat = LoadSdk(openai);
        var text = new StringBuilder();

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("What is the capital of France?"))
            {
                text.Append(update.Text);
            }
        });

        Assert.StartsWith("The capital of", text.ToString(), StringComparison.Ordinal);
        Assert.Equal("openai-sdk", error.Provider);
        Assert.Null(error.StatusCode);
        Assert.NotNull(error.InnerException);
        Assert.IsNotType<ChatProviderException>(error.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_routed_model_falls_back_from_an_OpenAI_SDK_route_that_answers_503(bool streamed)
    {
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(OpenAIError(503, "overloaded"));
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(streamed
            ? RealClientProviderTests.Ndjson("ollama-native/chat-llama3.2-stream-handmade.ndjson")
            : RealClientProviderTests.Ndjson(OllamaChat));
        using var environment = Routes(openai, ollama);
        using IChatClient chat = CaseOneModels.LoadChatModel("case-one-hub:sdk-first");
        Assert.Equal(["openai-sdk", "ollama-native"], Assert.IsType<RoutedChatClient>(chat).Routes.Select(r => r.Name));

        string? route;
        string text;
        if (streamed)
        {
            List<ChatResponseUpdate> updates = [];
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Why is the sky blue?"))
            {
                updates.Add(update);
            }

            text = string.Concat(updates.Select(u => u.Text));
            route = updates.Select(u => u.GetRoutedCallInfo()?.Route).LastOrDefault(r => r is not null);
        }
        else
        {
            ChatResponse response = await chat.GetResponseAsync("Hello");
            text = response.Text;
            route = response.GetRoutedCallInfo()?.Route;
        }

        Assert.Equal(streamed ? "The sky is blue." : "Hello! How can I help you today?", text);
        Assert.Equal("ollama-native", route);
        Assert.Single(openai.Requests);
        Assert.Single(ollama.Requests);
    }

    [Fact]
    public async Task A_400_from_the_OpenAI_SDK_route_does_not_fall_back_and_reaches_the_caller()
    {
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(OpenAIError(400, "invalid_value"));
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(RealClientProviderTests.Ndjson(OllamaChat));
        using var environment = Routes(openai, ollama);
        using IChatClient chat = CaseOneModels.LoadChatModel("case-one-hub:sdk-first");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetResponseAsync("Hello"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("openai-sdk", error.Provider);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.Single(openai.Requests);
        Assert.Empty(ollama.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(401)]
    public async Task An_OllamaSharp_error_status_is_a_ChatProviderException_with_that_status(int status)
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(ServerReply.Json("""{"error":"busy"}""", status));
        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2", new ChatModelSettings { Endpoint = Root(ollama) });

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetResponseAsync("Hello"));

        Assert.Equal("ollama-native", error.Provider);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal((HttpStatusCode)status, Assert.IsType<HttpRequestException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task OllamaSharps_400_exception_maps_to_status_400_streamed_or_not_with_its_message_redacted()
    {
        using var environment = new EnvironmentScope(("OLLAMA_NATIVE_API_KEY", Key));
        ServerReply refused = ServerReply.Json($$"""{"error":"invalid options for key {{Key}}"}""", 400);
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(refused, refused);
        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2", new ChatModelSettings { Endpoint = Root(ollama) });

        ChatProviderException plain = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetResponseAsync("Hello"));
        ChatProviderException streamed = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hello"))
            {
                Assert.Fail("no update was expected, got: " + update.Text);
            }
        });

        foreach (ChatProviderException error in new[] { plain, streamed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Equal("ollama-native", error.Provider);
            Assert.Equal("invalid options for key ***", error.ProviderMessage);
            Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
            Assert.IsType<OllamaException>(error.InnerException);
        }
    }

    [Fact]
    public async Task A_400_from_the_OllamaSharp_route_does_not_fall_back_but_its_503_does()
    {
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":"bad request"}""", 400), ServerReply.Json("""{"error":"model is loading"}""", 503));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(Fixtures.Reply(OpenAIChat));
        using var environment = Routes(openai, ollama);
        using IChatClient chat = CaseOneModels.LoadChatModel("case-one-hub:hybrid");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetResponseAsync("Hello"));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Empty(openai.Requests);

        ChatResponse fallback = await chat.GetResponseAsync("Say ok");
        Assert.Equal("openai-sdk", fallback.GetRoutedCallInfo()?.Route);
        Assert.Equal("ok", fallback.Text);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_an_OperationCanceledException()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2", new ChatModelSettings { Endpoint = Root(ollama) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // ThrowsAnyAsync fails for any other type: a ChatProviderException here would have turned the caller's cancellation into
        // a provider failure (and, routed, into a fallback).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.GetResponseAsync("Hello", cancellationToken: cancellation.Token));
    }

    private static EnvironmentScope Routes(LoopbackProviderServer openai, LoopbackProviderServer ollama) => new(
        ("OLLAMA_NATIVE_API_BASE", Root(ollama).ToString()),
        ("OPENAI_SDK_API_BASE", openai.Endpoint.ToString()),
        ("OPENAI_SDK_API_KEY", Key));
}

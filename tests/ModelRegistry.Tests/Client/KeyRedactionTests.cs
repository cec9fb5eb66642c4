using System.Text;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// The API key is taken out of provider messages where it appears as a key, and only there: keys as short as
/// <c>EMPTY</c> or <c>k</c> are common with local servers, and must not turn "tokens" into "to***ens".
/// </summary>
public sealed class KeyRedactionTests
{
    [Theory]
    [InlineData("k")]
    [InlineData("e")]
    [InlineData("to")]
    [InlineData("max")]
    [InlineData("tokens")]
    [InlineData("EMPTY")]
    public async Task A_short_key_leaves_the_words_of_a_recorded_error_intact(string apiKey)
    {
        // Recorded: OpenAI refusing max_tokens; every key above occurs inside its words, never as a word of its own.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/openai-400-unsupported-parameter-max-tokens.json", 400));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "local", apiKey: apiKey);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        const string Recorded = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
        Assert.Equal(Recorded, error.ProviderMessage);
        Assert.Contains(Recorded, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k", "Invalid API key k. The key k is not valid for 4096 tokens", "Invalid API key ***. The key *** is not valid for 4096 tokens")]
    [InlineData("EMPTY", "Authentication failed for key 'EMPTY' (key=EMPTY)", "Authentication failed for key '***' (key=***)")]
    [InlineData("not-needed", "bearer not-needed rejected; not-needed-at-all is another word", "bearer *** rejected; not-needed-at-all is another word")]
    public async Task A_short_key_standing_as_a_token_is_redacted(string apiKey, string sent, string expected)
    {
        // Hand-written: no recording echoes a short key; the shape is OpenAI's error body.
        string body = $$$"""{"error":{"message":"{{{sent}}}","type":"invalid_request_error","code":"invalid_api_key"}}""";
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(body, 401));
        using OpenAICompatibleChatClient client = TestClients.Create(server, provider: "local", apiKey: apiKey);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal(expected, error.ProviderMessage);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_key_is_redacted_wherever_it_appears()
    {
        // Hand-written: a proxy's page that glues the rejected key to other text; a long key is never part of a word by accident.
        const string ApiKey = "sk-proj-4f9a2c7e1b8d";
        var reply = new ServerReply(403, "text/html", Encoding.UTF8.GetBytes($"<p>key{ApiKey}.v2 refused; token={ApiKey}x</p>"));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(reply);
        using OpenAICompatibleChatClient client = TestClients.Create(server, apiKey: ApiKey);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal("<p>key***.v2 refused; token=***x</p>", error.ProviderMessage);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_key_in_an_error_event_inside_a_stream_is_redacted_as_a_token_only()
    {
        // Hand-written stream: an error object mid-stream, as Groq and OpenRouter send them.
        const string stream = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}

            data: {"error":{"message":"key EMPTY expired after 4096 tokens","code":"expired"}}


            """;
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Sse(stream));
        using OpenAICompatibleChatClient client = TestClients.Create(server, apiKey: "EMPTY");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => TestClients.StreamAsync(client, TestClients.Ask("q")));

        Assert.Equal("key *** expired after 4096 tokens", error.ProviderMessage);
    }

    [Theory]
    [InlineData("k", "4096 tokens", "4096 tokens")]
    [InlineData("k", "k", "***")]
    [InlineData("k", "k...", "***...")]
    [InlineData("k", "(k)", "(***)")]
    [InlineData("k", "k.v1 and k_2 and -k and k-", "k.v1 and k_2 and -k and k-")]
    [InlineData("k", "kk k kk", "kk *** kk")]
    [InlineData("EMPTY", "EMPTYING EMPTY.", "EMPTYING ***.")]
    [InlineData("clé", "la clé: clé", "la ***: ***")]
    [InlineData("", "k", "k")]
    [InlineData(null, "k", "k")]
    public void The_redactor_replaces_a_short_key_only_where_it_is_a_token(string? apiKey, string text, string expected) =>
        Assert.Equal(expected, ApiKeyRedactor.Redact(text, apiKey));
}

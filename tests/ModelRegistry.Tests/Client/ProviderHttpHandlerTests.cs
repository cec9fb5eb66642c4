using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>The library's own HttpClient (under every client without one of its own): a provider's redirect is a typed
/// failure, never followed with the request and its key; a provider's cookie never goes back with a later call.</summary>
public sealed class ProviderHttpHandlerTests
{
    [Fact]
    public async Task A_redirect_is_answered_as_a_failure_with_its_status_and_nothing_goes_where_it_points()
    {
        await using LoopbackProviderServer elsewhere = await LoopbackProviderServer.StartAsync(
            ServerReply.Json(Encoding.UTF8.GetString(Fixtures.Bytes("chat-completions/openai-gpt-4o-mini-cached-tokens.json"))));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            new ServerReply(307, "application/json", "{}"u8.ToArray()) { Headers = new Dictionary<string, string> { ["Location"] = new Uri(elsewhere.Endpoint, "chat/completions").ToString() } });
        using OpenAICompatibleChatClient client = TestClients.Create(server, authentication: ProviderAuthentication.ApiKeyHeader);

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Equal("test", error.Provider);
        Assert.Single(server.Requests);
        Assert.Empty(elsewhere.Requests);
        Assert.DoesNotContain("sk-test-secret-key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_a_provider_sets_is_not_sent_back_on_the_next_call()
    {
        string answer = Encoding.UTF8.GetString(Fixtures.Bytes("chat-completions/openai-gpt-4o-mini-cached-tokens.json"));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            ServerReply.Json(answer) with { Headers = new Dictionary<string, string> { ["Set-Cookie"] = "__cf_bm=caller-one; Path=/" } },
            ServerReply.Json(answer));
        using OpenAICompatibleChatClient client = TestClients.Create(server);

        await client.GetResponseAsync("first caller");
        await client.GetResponseAsync("second caller");

        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain(server.Requests, request => request.Headers.ContainsKey("Cookie"));
    }
}

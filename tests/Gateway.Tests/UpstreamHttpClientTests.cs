using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The providers' named HttpClients in the gateway: without IHttpClientFactory's request logging (four Information
/// lines per upstream call), which a host can add back after the gateway (docs/gateway.md); following no redirect.</summary>
public sealed class UpstreamHttpClientTests
{
    private const string HttpClientCategory = "System.Net.Http.HttpClient." + ModelRegistryOptions.HttpClientNamePrefix;

    [Fact]
    public async Task An_upstream_call_writes_no_HttpClient_log_lines_unless_the_host_adds_the_logger_back()
    {
        List<string> quiet = await UpstreamCallLogsAsync(addLoggerBack: false);
        List<string> restored = await UpstreamCallLogsAsync(addLoggerBack: true);

        Assert.DoesNotContain(quiet, line => line.StartsWith(HttpClientCategory, StringComparison.Ordinal));
        // The same call with the default logger added back logs its request and response under the provider's client name (ModelRegistry.{provider}).
        Assert.Contains(restored, line => line.StartsWith(HttpClientCategory, StringComparison.Ordinal) && line.Contains("Sending HTTP request", StringComparison.Ordinal));
        Assert.Contains(restored, line => line.StartsWith(HttpClientCategory, StringComparison.Ordinal) && line.Contains("Received HTTP response", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upstream_redirect_fails_the_route_and_the_request_never_goes_where_it_points()
    {
        await using LoopbackProviderServer elsewhere = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/openai-gpt-4o-mini-cached-tokens.json"));
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(
            new ServerReply(308, "application/json", "{}"u8.ToArray()) { Headers = new Dictionary<string, string> { ["Location"] = new Uri(elsewhere.Endpoint, "chat/completions").ToString() } });
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"local:assistant","messages":[{"role":"user","content":"Say hello."}]}""", System.Text.Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();

        Assert.False(response.IsSuccessStatusCode, body);
        Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        Assert.NotEmpty(vllm.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    private static async Task<List<string>> UpstreamCallLogsAsync(bool addLoggerBack)
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/openai-gpt-4o-mini-cached-tokens.json"));
        var logs = new CapturingLoggerProvider();
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Logging:LogLevel:Default", "Trace"))
        {
            Logs = logs,
            ConfigureServices = addLoggerBack ? AddLoggersBack : null,
        };

        ChatCompletion answer = await gateway.Chat().CompleteChatAsync([new UserChatMessage("Say hello.")]);

        Assert.NotEmpty(answer.Content[0].Text);
        Assert.Single(vllm.Requests);
        return [.. logs.Lines];
    }

    private static void AddLoggersBack(IServiceCollection services)
    {
        foreach (ProviderInfo provider in ModelRegistry.GatewayHost.GatewayModels.Registry.Providers)
        {
            services.AddHttpClient(ModelRegistryOptions.GetHttpClientName(provider.Name)).AddDefaultLogger();
        }
    }
}

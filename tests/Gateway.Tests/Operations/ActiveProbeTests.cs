using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>Background probes (<c>Gateway:ProbeIntervalSeconds</c>) open a dead route's circuit and close it once it
/// answers again, with no user request involved.</summary>
public sealed class ActiveProbeTests
{
    private static readonly (string, string) Probing = ("Gateway:ProbeIntervalSeconds", "0.2");

    [Fact]
    public async Task A_probe_opens_the_circuit_of_a_failing_route_and_closes_it_when_the_route_answers_again()
    {
        int status = 500;
        await using ScriptedUpstream vllm = await ScriptedUpstream.ModelsWithStatusAsync(() => Volatile.Read(ref status), "served-qwen");
        await using ScriptedUpstream openRouter = await ScriptedUpstream.AnsweringAsync("chat-completions/vllm-qwen3-8b-reasoning-content.json");
        var logs = new CapturedLogs();
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint, openRouter.Endpoint), Probing) { Logs = logs };
        using HttpClient http = gateway.CreateClient();

        JsonElement down = await Eventually.ReadAsync(() => RouteAsync(http, "vllm"),
            r => r.GetProperty("circuit").GetString() == "open" && ActiveProbe(r) == "down", "the vLLM route's circuit opened by its probe");
        Assert.Equal(500, down.GetProperty("active_probe").GetProperty("status_code").GetInt32());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("background probe found route vllm down", StringComparison.Ordinal));
        // A user's request now goes to the fallback without meeting the dead route.
        ChatCompletion completion = await gateway.Chat().CompleteChatAsync([new UserChatMessage("What is 5 factorial?")]);
        Assert.StartsWith("\n\n5的阶乘", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Single(openRouter.Calls);

        Volatile.Write(ref status, 200);
        await Eventually.ReadAsync(() => RouteAsync(http, "vllm"),
            r => r.GetProperty("circuit").GetString() == "closed" && ActiveProbe(r) == "up", "the vLLM route's circuit closed by its probe");

        Assert.Contains(logs.Entries, e => e.Message.Contains("background probe found route vllm up again", StringComparison.Ordinal));
        Assert.All(vllm.Requests, r => Assert.Equal("GET /v1/models", r));
    }

    [Fact]
    public async Task A_probe_opens_the_circuit_of_a_route_nothing_listens_on()
    {
        var refused = new Uri($"http://127.0.0.1:{FreePort()}/v1");
        await using ScriptedUpstream openRouter = await ScriptedUpstream.AnsweringAsync("chat-completions/vllm-qwen3-8b-reasoning-content.json");
        using var gateway = new GatewayHost(GatewayHost.Upstreams(refused, openRouter.Endpoint), Probing);
        using HttpClient http = gateway.CreateClient();

        JsonElement down = await Eventually.ReadAsync(() => RouteAsync(http, "vllm"),
            r => r.GetProperty("circuit").GetString() == "open" && ActiveProbe(r) == "down", "the unreachable route's circuit opened by its probe");

        Assert.False(down.GetProperty("active_probe").TryGetProperty("status_code", out _));
        Assert.False(string.IsNullOrEmpty(down.GetProperty("active_probe").GetProperty("detail").GetString()));
        JsonElement fallback = await RouteAsync(http, "openrouter");
        Assert.Equal("closed", fallback.GetProperty("circuit").GetString());
        Assert.Empty(openRouter.Calls);
    }

    [Fact]
    public async Task Without_a_probe_interval_no_route_is_probed_in_the_background()
    {
        await using ScriptedUpstream vllm = await ScriptedUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint));
        using HttpClient http = gateway.CreateClient();

        // /health probes on demand; it never opens a circuit, and no background probe reports.
        JsonElement route = await RouteAsync(http, "vllm");

        Assert.Equal("closed", route.GetProperty("circuit").GetString());
        Assert.False(route.TryGetProperty("active_probe", out _));
        Assert.Single(vllm.Requests);
    }

    private static string? ActiveProbe(JsonElement route) =>
        route.TryGetProperty("active_probe", out JsonElement probe) ? probe.GetProperty("state").GetString() : null;

    private static async Task<JsonElement> RouteAsync(HttpClient http, string name) =>
        (await OverlayReloadTests.HealthAsync(http)).GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == "local:assistant").GetProperty("routes").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == name);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>Edits of the overlay file while the gateway runs: applied whole, or rejected with the running overlay kept.</summary>
public sealed class OverlayReloadTests
{
    private const string Answer = "chat-completions/vllm-qwen3-8b-reasoning-content.json";

    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    /// <summary>Polled often, so the tests do not depend on file notifications (which some file systems never send).</summary>
    private static readonly (string, string) FastPoll = ("Gateway:OverlayPollSeconds", "0.2");

    [Fact]
    public async Task A_valid_edit_changes_routing_without_a_restart_and_health_shows_the_live_overlay()
    {
        await using ScriptedUpstream first = await ScriptedUpstream.AnsweringAsync(Answer);
        await using ScriptedUpstream second = await ScriptedUpstream.AnsweringAsync(Answer);
        using var gateway = new GatewayHost(GatewayHost.Upstreams(first.Endpoint), FastPoll);
        using HttpClient http = gateway.CreateClient();
        await gateway.Chat().CompleteChatAsync(Question);
        JsonElement before = await OverlayAsync(http);
        Assert.Equal(gateway.OverlayPath, before.GetProperty("path").GetString());
        Assert.Equal(Sha256(File.ReadAllBytes(gateway.OverlayPath!)), before.GetProperty("sha256").GetString());

        // The vLLM route moves to the second upstream and the OpenRouter route comes in as its fallback.
        string edited = GatewayHost.Upstreams(second.Endpoint, first.Endpoint);
        await File.WriteAllTextAsync(gateway.OverlayPath!, edited);
        JsonElement after = await Eventually.ReadAsync(() => OverlayAsync(http),
            o => o.GetProperty("sha256").GetString() == Sha256(Encoding.UTF8.GetBytes(edited)), "the edited overlay live in /health");
        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);

        Assert.StartsWith("\n\n5的阶乘", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Single(first.Calls);
        Assert.Single(second.Calls);
        Assert.True(after.GetProperty("loaded_at").GetDateTimeOffset() >= before.GetProperty("loaded_at").GetDateTimeOffset());
        Assert.False(after.TryGetProperty("last_rejected", out _));
        JsonElement routes = (await HealthAsync(http)).GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == "local:assistant").GetProperty("routes");
        Assert.Equal(["vllm", "openrouter"], routes.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_invalid_edit_is_rejected_with_the_start_up_error_logged_and_the_running_overlay_keeps_serving()
    {
        await using ScriptedUpstream vllm = await ScriptedUpstream.AnsweringAsync(Answer);
        var logs = new CapturedLogs();
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), FastPoll) { Logs = logs };
        using HttpClient http = gateway.CreateClient();
        await gateway.Chat().CompleteChatAsync(Question);
        string live = (await OverlayAsync(http)).GetProperty("sha256").GetString()!;

        const string Invalid = """{ "models": { "local:assistant": { "routes": { "no-such-route": { "weight": 2 } } } } }""";
        await File.WriteAllTextAsync(gateway.OverlayPath!, Invalid);
        JsonElement overlay = await Eventually.ReadAsync(() => OverlayAsync(http),
            o => o.TryGetProperty("last_rejected", out _), "the rejected edit in /health");

        // The error is the one a start-up with that file stops with.
        ModelConfigurationException startUp = Assert.Throws<ModelConfigurationException>(() => new ModelCatalog(
            ModelRegistry.GatewayHost.GatewayModels.Registry, new GatewayOptions { OverlayPath = gateway.OverlayPath }, new ModelRegistryOptions(), NullLoggerFactory.Instance));
        JsonElement rejected = overlay.GetProperty("last_rejected");
        Assert.Equal(startUp.Message, rejected.GetProperty("error").GetString());
        Assert.Contains("has no route 'no-such-route'", startUp.Message, StringComparison.Ordinal);
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(Invalid)), rejected.GetProperty("sha256").GetString());
        Assert.Equal(live, overlay.GetProperty("sha256").GetString());
        CapturedLog logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("rejected", StringComparison.Ordinal));
        Assert.Contains(startUp.Message, logged.Message, StringComparison.Ordinal);

        ChatCompletion completion = await gateway.Chat().CompleteChatAsync(Question);
        Assert.StartsWith("\n\n5的阶乘", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, vllm.Calls.Count);
    }

    [Fact]
    public async Task A_stream_started_before_a_swap_finishes_on_the_route_it_began_with()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ScriptedUpstream old = await ScriptedUpstream.StartAsync(async context =>
        {
            if (await ScriptedUpstream.ListsModelsAsync(context))
            {
                return;
            }

            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(ScriptedUpstream.Chunk("old-"));
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync(ScriptedUpstream.Chunk("route", "stop") + "data: [DONE]\n\n");
        });
        await using ScriptedUpstream next = await ScriptedUpstream.AnsweringAsync("chat-streaming/openai-gpt-4o-mini-text-include-usage.sse");
        using var gateway = new GatewayHost(GatewayHost.Upstreams(old.Endpoint), FastPoll);
        using HttpClient http = gateway.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var received = new StringBuilder();
        while (!received.ToString().Contains("old-", StringComparison.Ordinal))
        {
            received.AppendLine(await reader.ReadLineAsync());
        }

        string edited = GatewayHost.Upstreams(next.Endpoint);
        await File.WriteAllTextAsync(gateway.OverlayPath!, edited);
        await Eventually.ReadAsync(() => OverlayAsync(http),
            o => o.GetProperty("sha256").GetString() == Sha256(Encoding.UTF8.GetBytes(edited)), "the edited overlay live in /health");
        release.SetResult();
        received.Append(await reader.ReadToEndAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"content\":\"route\"", received.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", received.ToString(), StringComparison.Ordinal);
        Assert.Empty(next.Calls);
        // A request after the swap goes to the new route.
        string after = await (await http.PostAsync("/v1/chat/completions",
            ChatCompletionsTests.Json("""{"model":"local:assistant","stream":true,"messages":[{"role":"user","content":"hi"}]}"""))).Content.ReadAsStringAsync();
        Assert.Contains("\"content\":\"The\"", after, StringComparison.Ordinal);
        Assert.Single(next.Calls);
        Assert.Single(old.Calls);
    }

    internal static async Task<JsonElement> HealthAsync(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.Clone();

    private static async Task<JsonElement> OverlayAsync(HttpClient http) => (await HealthAsync(http)).GetProperty("overlay");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

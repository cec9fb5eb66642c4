using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary><c>GET /metrics</c>: Prometheus text from OpenTelemetry's exporter, on only when <c>Gateway:Metrics</c> asks.</summary>
/// <remarks>In the GenAI telemetry collection: /metrics listens to the GenAI meter, which turns the pass-through off.</remarks>
[Collection(PassThroughTests.Collection)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_serve_the_routing_counters_and_aspnetcore_request_durations_as_prometheus_text()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/vllm-qwen3-8b-reasoning-content.json"));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint), ("Gateway:Metrics", "true"));
        using HttpClient http = gateway.CreateClient();

        await gateway.Chat().CompleteChatAsync([new UserChatMessage("What is 5 factorial?")]);

        // ASP.NET Core records a request's duration as the request ends, which may come after the client has its answer.
        string text = await Eventually.ReadAsync(
            () => http.GetStringAsync("/metrics"),
            t => t.Contains("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && t.Contains("/v1/chat/completions", StringComparison.Ordinal),
            "the chat request's http.server.request.duration in /metrics");

        Match calls = Regex.Match(text, @"^modelregistry_routing_calls_total\{(?=[^}]*route=""vllm"")(?=[^}]*outcome=""success"")[^}]*\} (\d+)", RegexOptions.Multiline);
        Assert.True(calls.Success, "no routing call counter for route vllm in:\n" + text);
        Assert.True(long.Parse(calls.Groups[1].Value, CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("# TYPE modelregistry_routing_calls_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);

        using HttpResponseMessage response = await http.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_served_unless_asked()
    {
        using var gateway = new GatewayHost();
        using HttpClient http = gateway.CreateClient();

        using HttpResponseMessage response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

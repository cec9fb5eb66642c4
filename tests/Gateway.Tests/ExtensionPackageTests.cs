using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.GatewayHost;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// <c>Gateway:Redis</c> and <c>Gateway:Metrics</c> are served by packages of their own (ModelRegistry.Gateway.Redis,
/// ModelRegistry.Gateway.Prometheus), in hosts of the tests' own: without the package's call the start fails with one line
/// naming the package and the call; with it, before or after <c>AddModelRegistryGateway</c>, the setting takes effect.
/// </summary>
/// <remarks>In the GenAI telemetry collection: /metrics listens to the GenAI meter, which turns the pass-through off.</remarks>
[Collection(PassThroughTests.Collection)]
public sealed class ExtensionPackageTests
{
    [Fact]
    public async Task Gateway_Redis_without_AddModelRegistryGatewayRedis_stops_the_start_naming_the_package_and_the_call()
    {
        // Nothing listens there: the start must fail for the missing call, not try Redis and fall back to in-process state.
        string redis = $"127.0.0.1:{RedisTestServer.FreePort()}";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(new() { ["Gateway:Redis"] = redis }, redisFirst: null, prometheusFirst: null));

        Assert.Equal(
            "ModelRegistry.Gateway cannot start: Gateway:Redis is set, but the Redis state store is not added: reference the ModelRegistry.Gateway.Redis package and call services.AddModelRegistryGatewayRedis().",
            GatewayStartupFailure.Describe(failure));
    }

    [Fact]
    public async Task Gateway_Metrics_without_AddModelRegistryGatewayPrometheus_stops_the_start_naming_the_package_and_the_call()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(new() { ["Gateway:Metrics"] = "true" }, redisFirst: null, prometheusFirst: null));

        Assert.Equal(
            "ModelRegistry.Gateway cannot start: Gateway:Metrics is on, but GET /metrics is not added: reference the ModelRegistry.Gateway.Prometheus package and call services.AddModelRegistryGatewayPrometheus().",
            GatewayStartupFailure.Describe(failure));
    }

    [Fact]
    public async Task Without_either_setting_a_host_needs_neither_call_and_serves_no_metrics()
    {
        await using WebApplication app = await StartAsync([], redisFirst: null, prometheusFirst: null);
        using HttpClient http = app.GetTestClient();

        JsonElement state = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("state");
        Assert.Equal("in-process", state.GetProperty("backend").GetString());
        using HttpResponseMessage metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
    }

    [Theory]
    [Trait("Category", RedisTestServer.Category)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddModelRegistryGatewayRedis_before_or_after_AddModelRegistryGateway_shares_the_state_over_Redis(bool first)
    {
        using RedisTestServer redis = RedisTestServer.Start();
        await using WebApplication app = await StartAsync(
            new() { ["Gateway:Redis"] = redis.Configuration, ["Gateway:RedisKeyPrefix"] = RedisTestServer.NewPrefix() },
            redisFirst: first, prometheusFirst: null);
        using HttpClient http = app.GetTestClient();

        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement state;
        while (true)
        {
            state = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("state");
            Assert.Equal("redis", state.GetProperty("backend").GetString());
            if (state.GetProperty("shared").GetBoolean() || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(state.GetProperty("shared").GetBoolean(), $"/health did not say shared within 30 s: {state}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddModelRegistryGatewayPrometheus_before_or_after_AddModelRegistryGateway_serves_metrics(bool first)
    {
        await using WebApplication app = await StartAsync(new() { ["Gateway:Metrics"] = "true" }, redisFirst: null, prometheusFirst: first);
        using HttpClient http = app.GetTestClient();
        using HttpResponseMessage chat = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            """{"model":"local:assistant","messages":[{"role":"user","content":"ping"}]}"""));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);

        using HttpResponseMessage response = await http.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        // The routed model's call above (its offline route), counted by the routing meter.
        Assert.Matches(new Regex(@"^modelregistry_routing_calls_total\{[^}]*outcome=""success""[^}]*\} [1-9]", RegexOptions.Multiline), text);
    }

    /// <summary>A host of the test's own over the sample's registry; each package's call (when not <see langword="null"/>)
    /// before (<see langword="true"/>) or after <c>AddModelRegistryGateway</c>.</summary>
    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> configuration, bool? redisFirst, bool? prometheusFirst)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration);
        AddPackages(builder.Services, redisFirst, prometheusFirst, first: true);
        builder.Services.AddModelRegistryGateway(GatewayModels.Registry);
        AddPackages(builder.Services, redisFirst, prometheusFirst, first: false);
        WebApplication app = builder.Build();
        try
        {
            app.MapModelRegistryGateway();
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static void AddPackages(IServiceCollection services, bool? redisFirst, bool? prometheusFirst, bool first)
    {
        if (redisFirst == first)
        {
            services.AddModelRegistryGatewayRedis();
        }

        if (prometheusFirst == first)
        {
            services.AddModelRegistryGatewayPrometheus();
        }
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using OpenAI.Embeddings;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The routes of a routed embedding model are probed as chat routes are: the background probe
/// (<c>Gateway:ProbeIntervalSeconds</c>) opens the circuit of a route whose <c>GET /models</c> fails and closes it once
/// the route answers again, and <c>/health</c> shows each route's and each unrouted embedding model's own probe.</summary>
[Collection(EmbeddingsEndpointTests.Collection)]
public sealed class EmbeddingRouteProbeTests
{
    private const string RouteA = "GATEWAY_TESTS_EMBED_A";
    private const string RouteB = "GATEWAY_TESTS_EMBED_B";

    [Fact]
    public async Task A_probe_opens_the_circuit_of_a_failing_embedding_route_and_closes_it_when_the_route_answers_again()
    {
        int status = 500;
        await using ScriptedUpstream a = await ScriptedUpstream.ModelsWithStatusAsync(() => Volatile.Read(ref status), "embed-a");
        await using ScriptedUpstream b = await ScriptedUpstream.AnsweringAsync(EmbeddingsEndpointTests.Base64Answer);
        EmbeddingsEndpointTests.PointRoutes(a.Endpoint.ToString(), b.Endpoint.ToString());
        try
        {
            await using WebApplication app = await EmbeddingsEndpointTests.StartAsync(b.Endpoint, ("Gateway:ProbeIntervalSeconds", "0.2"));
            using HttpClient http = app.GetTestClient();

            JsonElement down = await Eventually.ReadAsync(() => RouteAsync(http, RouteA),
                r => r.GetProperty("circuit").GetString() == "open" && ActiveProbe(r) == "down", "route A's circuit opened by its probe");
            Assert.Equal(500, down.GetProperty("active_probe").GetProperty("status_code").GetInt32());
            // /health's own probe of the route says the same, where it used to say not_applicable.
            Assert.Equal("down", down.GetProperty("probe").GetString());
            Assert.Equal(500, down.GetProperty("status_code").GetInt32());
            JsonElement up = await Eventually.ReadAsync(() => RouteAsync(http, RouteB), r => ActiveProbe(r) is not null, "route B's first background probe");
            Assert.Equal(("closed", "up", "up"), (up.GetProperty("circuit").GetString(), up.GetProperty("probe").GetString(), ActiveProbe(up)));

            // Every call now goes to B without meeting the dead route.
            EmbeddingClient client = EmbeddingsEndpointTests.Client(app, "embed-hub:routed-embed");
            for (int call = 0; call < 3; call++)
            {
                OpenAIEmbeddingCollection embeddings = (await client.GenerateEmbeddingsAsync(["a", "b"])).Value;
                Assert.Equal(EmbeddingsEndpointTests.Documented[1], embeddings[1].ToFloats().ToArray());
            }

            Assert.Equal(3, b.Calls.Count);
            Assert.Empty(a.Calls);

            Volatile.Write(ref status, 200);
            await Eventually.ReadAsync(() => RouteAsync(http, RouteA),
                r => r.GetProperty("circuit").GetString() == "closed" && ActiveProbe(r) == "up", "route A's circuit closed by its probe");
            Assert.All(a.Requests, r => Assert.Equal("GET /v1/models", r));
        }
        finally
        {
            EmbeddingsEndpointTests.PointRoutes(EmbeddingsEndpointTests.Unreachable, EmbeddingsEndpointTests.Unreachable);
        }
    }

    [Fact]
    public async Task Health_probes_an_unrouted_embedding_model_at_its_provider_with_the_providers_key()
    {
        var authorizations = new List<string>();
        await using ScriptedUpstream upstream = await ScriptedUpstream.StartAsync(context =>
        {
            lock (authorizations)
            {
                authorizations.Add(context.Request.Headers.Authorization.ToString());
            }

            context.Response.StatusCode = 401;
            return context.Response.WriteAsync("""{"error":{"message":"invalid key","type":"invalid_request_error"}}""");
        });
        await using WebApplication app = await EmbeddingsEndpointTests.StartAsync(upstream.Endpoint);

        JsonElement health = await OverlayReloadTests.HealthAsync(app.GetTestClient());
        JsonElement route = Assert.Single(Model(health, "embed-hub:text-embedding-3-small").GetProperty("routes").EnumerateArray());

        Assert.Equal(("down", 401), (route.GetProperty("probe").GetString(), route.GetProperty("status_code").GetInt32()));
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("GET /v1/models", upstream.Requests);
        lock (authorizations)
        {
            Assert.All(authorizations, h => Assert.Equal("Bearer upstream-key", h));
        }
    }

    private static string? ActiveProbe(JsonElement route) =>
        route.TryGetProperty("active_probe", out JsonElement probe) ? probe.GetProperty("state").GetString() : null;

    private static JsonElement Model(JsonElement health, string id) =>
        health.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);

    private static async Task<JsonElement> RouteAsync(HttpClient http, string name) =>
        Model(await OverlayReloadTests.HealthAsync(http), "embed-hub:routed-embed").GetProperty("routes").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == name);
}

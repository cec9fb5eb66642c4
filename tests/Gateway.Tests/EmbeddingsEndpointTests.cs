using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;
using OpenAI;
using OpenAI.Embeddings;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// <c>POST /v1/embeddings</c> driven by the official OpenAI .NET client (OpenAI 2.15.0's <see cref="EmbeddingClient"/>),
/// over the gateway library and a loopback upstream answering with the hand-made transcripts of OpenAI's documented
/// shapes: base64 and float answers, dimensions and usage passed through, a large batch split by the profile, OpenAI
/// error bodies, and a routed embedding model falling back from a failing route.
/// </summary>
[Collection(EmbeddingsEndpointTests.Collection)]
public sealed class EmbeddingsEndpointTests
{
    /// <summary>The routed model's endpoints come from process-wide variables: its tests do not run beside each other.</summary>
    public const string Collection = "Embedding routes";

    /// <summary>Where the routed model's routes point when a test does not care (the gateway loads every served model at
    /// start, and a route whose variable is unset would leave that model without a route).</summary>
    private const string Unreachable = "http://127.0.0.1:9/v1";

    static EmbeddingsEndpointTests() => PointRoutes(Unreachable, Unreachable);

    private static void PointRoutes(string a, string b)
    {
        Environment.SetEnvironmentVariable("GATEWAY_TESTS_EMBED_A", a);
        Environment.SetEnvironmentVariable("GATEWAY_TESTS_EMBED_B", b);
    }

    private const string Base64Answer = "embeddings/openai-text-embedding-3-small-base64-handmade.json";
    private static readonly float[][] Documented = [[0.0023064255f, -0.009327292f, 0.015797347f, -0.0077780345f], [-0.0135974f, 0.02145519f, -0.0039208224f, 0.0069117495f]];

    private static async Task<WebApplication> StartAsync(Uri upstream)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:embed-hub:BaseUrl"] = upstream.ToString(),
            ["ModelRegistry:Providers:embed-hub:ApiKey"] = "upstream-key",
            // Each failure reaches the test as the upstream sent it, not after retries.
            ["ModelRegistry:Providers:embed-hub:MaxRetries"] = "0",
        });
        builder.Services.AddModelRegistryGateway(EmbeddingGatewayModels.Registry);
        WebApplication app = builder.Build();
        app.MapModelRegistryGateway();
        await app.StartAsync();
        return app;
    }

    private static EmbeddingClient Client(WebApplication app, string model) => new(model, new ApiKeyCredential("no-key"), new OpenAIClientOptions
    {
        Endpoint = new Uri(app.GetTestServer().BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(app.GetTestClient()),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_official_client_gets_the_vectors_usage_and_model_through_the_gateway()
    {
        await using LoopbackProviderServer upstream = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Base64Answer));
        await using WebApplication app = await StartAsync(upstream.Endpoint);

        ClientResult<OpenAIEmbeddingCollection> result = await Client(app, "embed-hub:text-embedding-3-small")
            .GenerateEmbeddingsAsync(["The food was delicious", "and the waiter"], new EmbeddingGenerationOptions { Dimensions = 4, EndUserId = "user-7" });

        OpenAIEmbeddingCollection embeddings = result.Value;
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(Documented[0], embeddings[0].ToFloats().ToArray());
        Assert.Equal(Documented[1], embeddings[1].ToFloats().ToArray());
        Assert.Equal(1, embeddings[1].Index);
        Assert.Equal(9, embeddings.Usage.InputTokenCount);
        Assert.Equal(9, embeddings.Usage.TotalTokenCount);
        Assert.Equal("embed-hub:text-embedding-3-small", embeddings.Model);

        CapturedRequest sent = upstream.SingleRequest;
        Assert.Equal("Bearer upstream-key", sent.Headers["Authorization"]);
        Assert.Equal("text-embedding-3-small", sent.Json.GetProperty("model").GetString());
        Assert.Equal(4, sent.Json.GetProperty("dimensions").GetInt32());
        Assert.Equal("user-7", sent.Json.GetProperty("user").GetString());
        Assert.Equal("base64", sent.Json.GetProperty("encoding_format").GetString());
    }

    [Fact]
    public async Task A_single_string_input_answers_floats_by_default_and_a_large_batch_is_split_upstream()
    {
        await using LoopbackProviderServer upstream = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply(Base64Answer), Fixtures.Reply(Base64Answer),
            ServerReply.Json("""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}"""));
        await using WebApplication app = await StartAsync(upstream.Endpoint);
        using HttpClient http = app.GetTestClient();

        // max_batch_size is 2: four inputs are two upstream requests, answered in order.
        using HttpResponseMessage batch = await http.PostAsync("/v1/embeddings", Json("""{"model":"embed-hub:text-embedding-3-small","input":["a","b","c","d"]}"""));
        JsonElement body = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal([0, 1, 2, 3], body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("index").GetInt32()));
        Assert.Equal(Documented[0][0], body.GetProperty("data")[2].GetProperty("embedding")[0].GetSingle());
        Assert.Equal(18, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal([["a", "b"], ["c", "d"]], upstream.Requests.Select(r => r.Json.GetProperty("input").EnumerateArray().Select(i => i.GetString()).ToArray()));

        using HttpResponseMessage single = await http.PostAsync("/v1/embeddings", Json("""{"model":"embed-hub:text-embedding-3-small","input":"one text"}"""));
        JsonElement one = JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([0.25f, -0.5f], one.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(2, one.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(["one text"], upstream.Requests[^1].Json.GetProperty("input").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Errors_are_OpenAI_error_bodies_the_official_client_reads()
    {
        await using LoopbackProviderServer upstream = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":{"message":"Rate limit reached for text-embedding-3-small","type":"requests","code":"rate_limit_exceeded"}}""", status: 429));
        await using WebApplication app = await StartAsync(upstream.Endpoint);
        using HttpClient http = app.GetTestClient();

        ClientResultException limited = await Assert.ThrowsAsync<ClientResultException>(() => Client(app, "embed-hub:text-embedding-3-small").GenerateEmbeddingsAsync(["x"]));
        Assert.Equal(429, limited.Status);
        Assert.Contains("Rate limit reached", limited.Message, StringComparison.Ordinal);

        ClientResultException unknown = await Assert.ThrowsAsync<ClientResultException>(() => Client(app, "embed-hub:nope").GenerateEmbeddingsAsync(["x"]));
        Assert.Equal(404, unknown.Status);

        ClientResultException chat = await Assert.ThrowsAsync<ClientResultException>(() => Client(app, "embed-hub:chat").GenerateEmbeddingsAsync(["x"]));
        Assert.Equal(400, chat.Status);
        Assert.Contains("is a chat model", chat.Message, StringComparison.Ordinal);

        using HttpResponseMessage tokens = await http.PostAsync("/v1/embeddings", Json("""{"model":"embed-hub:text-embedding-3-small","input":[[1,2,3]]}"""));
        JsonElement error = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, tokens.StatusCode);
        Assert.Equal("input[0]", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());

        using HttpResponseMessage wrongEndpoint = await http.PostAsync("/v1/chat/completions", Json("""{"model":"embed-hub:text-embedding-3-small","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongEndpoint.StatusCode);
        Assert.Contains("/v1/embeddings", await wrongEndpoint.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task A_routed_embedding_model_falls_back_from_a_failing_route()
    {
        await using LoopbackProviderServer failing = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":{"message":"overloaded"}}""", status: 503), ServerReply.Json("""{"error":{"message":"overloaded"}}""", status: 503));
        await using LoopbackProviderServer healthy = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Base64Answer), Fixtures.Reply(Base64Answer));
        PointRoutes(failing.Endpoint.ToString(), healthy.Endpoint.ToString());
        try
        {
            await using WebApplication app = await StartAsync(healthy.Endpoint);
            EmbeddingClient client = Client(app, "embed-hub:routed-embed");

            // Whichever route the weights pick first, every call is answered.
            for (int call = 0; call < 2; call++)
            {
                OpenAIEmbeddingCollection embeddings = (await client.GenerateEmbeddingsAsync(["a", "b"])).Value;
                Assert.Equal(Documented[1], embeddings[1].ToFloats().ToArray());
            }

            Assert.Equal(2, healthy.Requests.Count);
            Assert.All(healthy.Requests, r => Assert.Equal("embed-b", r.Json.GetProperty("model").GetString()));

            // /health lists the embedding model's routes as it lists a chat model's: a route that failed is cooling down.
            using HttpResponseMessage health = await app.GetTestClient().GetAsync("/health");
            using JsonDocument document = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            JsonElement routed = document.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "embed-hub:routed-embed");
            JsonElement[] routes = routed.GetProperty("routes").EnumerateArray().ToArray();
            Assert.Equal(["GATEWAY_TESTS_EMBED_A", "GATEWAY_TESTS_EMBED_B"], routes.Select(r => r.GetProperty("name").GetString()));
            Assert.Equal("closed", routes[1].GetProperty("circuit").GetString());
            // Which route the weights picked first decides whether A was tried at all.
            Assert.Equal(failing.Requests.Count > 0 ? "open" : "closed", routes[0].GetProperty("circuit").GetString());
        }
        finally
        {
            PointRoutes(Unreachable, Unreachable);
        }
    }
}

[CollectionDefinition(EmbeddingsEndpointTests.Collection, DisableParallelization = true)]
public sealed class EmbeddingRoutesCollection;

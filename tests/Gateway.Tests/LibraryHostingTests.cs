using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.GatewayHost;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The gateway library in a host of the test's own (not the sample's Program): over any
/// <see cref="IModelRegistry"/>, with the clients it loads wrapped the way a host wraps them (telemetry, logging).</summary>
[Collection(PassThroughTests.Collection)]
public sealed class LibraryHostingTests
{
    [Fact]
    public async Task A_client_wrapped_by_a_delegating_client_still_shows_its_routes_in_models_and_health()
    {
        await using WebApplication app = await StartAsync(new WrappingRegistry(GatewayModels.Registry));
        using HttpClient http = app.GetTestClient();

        JsonElement assistant = JsonDocument.Parse(await http.GetStringAsync("/v1/models")).RootElement.GetProperty("data")
            .EnumerateArray().Single(m => m.GetProperty("id").GetString() == "local:assistant");
        // local and vllm always; openrouter too when this machine has an OpenRouter key.
        List<string?> listed = assistant.GetProperty("routes").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(["local", "vllm"], listed.Take(2));
        // Narrowed to its offline route's profile (8192 of the profile's 32768), which only the routes tell.
        Assert.Equal(8192, assistant.GetProperty("context_length").GetInt32());

        JsonElement health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
        JsonElement routes = health.GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == "local:assistant").GetProperty("routes");
        // Each route with its own state, not the one row of an unrouted model.
        Assert.Equal(listed, routes.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_gateway_serves_the_profiled_models_of_any_registry_it_is_given()
    {
        var registry = new WrappingRegistry(GatewayModels.Registry);
        await using WebApplication app = await StartAsync(registry);
        using HttpClient http = app.GetTestClient();

        JsonElement data = JsonDocument.Parse(await http.GetStringAsync("/v1/models")).RootElement.GetProperty("data");
        Assert.Equal(["local:assistant", "local:echo"], data.EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        // Loaded through the registry handed to AddModelRegistryGateway (under the host's AddModelRegistry layer, which
        // calls it by provider and model), not through a generated class.
        Assert.Equal(["local:assistant", "local:echo"], registry.Loaded.Order(StringComparer.Ordinal));

        using HttpResponseMessage answer = await http.PostAsync("/v1/chat/completions", ChatCompletionsTests.Json(
            """{"model":"local:echo","messages":[{"role":"user","content":"ping"}]}"""));
        Assert.Contains("Offline model echo heard: ping", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ModelRegistry_configuration_section_reaches_the_routes_of_the_served_models()
    {
        await using WebApplication app = await StartAsync(GatewayModels.Registry, new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:BaseUrl"] = "http://gpu-box.internal:8000/v1",
        });

        ModelCatalog catalog = app.Services.GetRequiredService<ModelCatalog>();
        Assert.True(catalog.TryFind("local:assistant", out ServedModel assistant));
        ChatRoute vllm = ModelCatalog.Routed(assistant)!.Routes.Single(route => route.Name == "vllm");
        Assert.Equal(new Uri("http://gpu-box.internal:8000/v1"), Assert.IsType<ChatClientMetadata>(vllm.Client.GetService(typeof(ChatClientMetadata))).ProviderUri);
    }

    [Fact]
    public async Task Every_served_model_reports_GenAI_telemetry_through_Microsoft_Extensions_AI()
    {
        // The listener is process-wide and other tests serve local:echo at the same time: the request carries
        // a trace id of its own (W3C traceparent, picked up by ASP.NET Core's hosting activity), and only
        // activities of that trace count.
        ActivityTraceId trace = ActivityTraceId.CreateRandom();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Experimental.Microsoft.Extensions.AI" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                {
                    lock (activities)
                    {
                        activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using WebApplication app = await StartAsync(GatewayModels.Registry);
        using HttpClient http = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ChatCompletionsTests.Json("""{"model":"local:echo","messages":[{"role":"user","content":"ping"}]}"""),
        };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using HttpResponseMessage answer = await http.SendAsync(request);

        answer.EnsureSuccessStatusCode();
        Activity chat;
        lock (activities)
        {
            chat = Assert.Single(activities, activity => activity.GetTagItem("gen_ai.request.model") as string == "echo");
        }

        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
    }

    private static async Task<WebApplication> StartAsync(IModelRegistry registry, Dictionary<string, string?>? configuration = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Services.AddModelRegistryGateway(registry);
        WebApplication app = builder.Build();
        app.MapModelRegistryGateway();
        await app.StartAsync();
        return app;
    }

    /// <summary>A registry that hands out every client wrapped in a pass-through <see cref="DelegatingChatClient"/>, as
    /// <c>.AsBuilder().UseOpenTelemetry().Build()</c> does: nothing of the wrapped client is visible by its type.</summary>
    private sealed class WrappingRegistry(IModelRegistry inner) : IModelRegistry
    {
        public List<string> Loaded { get; } = [];

        public ImmutableArray<ProviderInfo> Providers => inner.Providers;

        public bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider) =>
            inner.TryGetProvider(name, out provider);

        public bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile) =>
            inner.TryGetProfile(provider, model, out profile);

        public IChatClient LoadChatModel(string model, ChatModelSettings? settings = null)
        {
            Loaded.Add(model);
            return new PassThroughChatClient(inner.LoadChatModel(model, settings));
        }

        public IChatClient LoadChatModel(string model, string modelProvider, ChatModelSettings? settings = null)
        {
            Loaded.Add(modelProvider + ":" + model);
            return new PassThroughChatClient(inner.LoadChatModel(model, modelProvider, settings));
        }

        public IChatClient LoadChatModel(ChatModelId model, ChatModelSettings? settings = null)
        {
            Loaded.Add(model.ToString());
            return new PassThroughChatClient(inner.LoadChatModel(model, settings));
        }

        public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, ChatModelSettings? settings = null) =>
            inner.LoadEmbeddingModel(model, settings);

        public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, string modelProvider, ChatModelSettings? settings = null) =>
            inner.LoadEmbeddingModel(model, modelProvider, settings);

        public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(EmbeddingModelId model, ChatModelSettings? settings = null) =>
            inner.LoadEmbeddingModel(model, settings);
    }

    private sealed class PassThroughChatClient(IChatClient inner) : DelegatingChatClient(inner);
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Embeddings;

/// <summary><c>AddModelRegistry</c> registers embedding models as keyed <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>s
/// that load with the provider's configuration and named HttpClient; chat keys stay chat models.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class KeyedEmbeddingGeneratorTests
{
    private static ServiceProvider Build(LoopbackProviderServer server, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:embed-lab:BaseUrl"] = server.Endpoint.ToString(),
            ["ModelRegistry:Providers:embed-lab:ApiKey"] = "configured-key",
            ["ModelRegistry:Providers:embed-lab:Headers:X-Team"] = "search",
        }).Build());
        services.AddLogging();
        services.AddModelRegistry(EmbeddingLabModels.Registry);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task An_embedding_model_and_its_alias_are_keyed_generators_with_the_configured_endpoint_key_and_headers()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        using ServiceProvider services = Build(server);

        var byId = services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("embed-lab:text-embedding-3-small");
        var byAlias = services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("embed-lab:small");
        await byId.GenerateAsync(["x"]);
        await byAlias.GenerateAsync(["y"]);

        Assert.Same(byId, services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("embed-lab:text-embedding-3-small"));
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request =>
        {
            Assert.Equal(server.Endpoint.AbsolutePath + "/embeddings", request.Path);
            Assert.Equal("Bearer configured-key", request.Headers["Authorization"]);
            Assert.Equal("search", request.Headers["X-Team"]);
            Assert.Equal("text-embedding-3-small", request.Json.GetProperty("model").GetString());
        });
    }

    [Fact]
    public async Task The_providers_named_HttpClient_sends_the_requests()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1));
        var handler = new CountingHandler();
        using ServiceProvider services = Build(server, s => s.AddHttpClient(ModelRegistryOptions.GetHttpClientName("embed-lab")).AddHttpMessageHandler(() => handler));

        await services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("embed-lab:text-embedding-3-small").GenerateAsync(["x"]);

        Assert.Equal(1, handler.Count);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Chat_keys_are_not_embedding_generators_and_embedding_keys_are_not_chat_clients()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync();
        using ServiceProvider services = Build(server);

        // Keys built at run time: MR0029 flags these very literals at build time.
        string embeddingKey = string.Join(':', "embed-lab", "text-embedding-3-small"), chatKey = string.Join(':', "embed-lab", "chat-model");
        Assert.Null(services.GetKeyedService<IChatClient>(embeddingKey));
        Assert.Null(services.GetKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(chatKey));
        Assert.NotNull(services.GetKeyedService<IChatClient>("embed-lab:chat-model"));
        // A model the profiles do not list resolves as either (key built at run time: MR0016 flags the literal).
        string unlisted = string.Join(':', "embed-lab", "not-profiled");
        Assert.NotNull(services.GetKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(unlisted));
        Assert.Null(services.GetKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("no-colon"));
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary><c>AddModelRegistry</c> in a real container: keyed clients for every profiled model, the configured endpoint,
/// key and headers on the wire, the host's logging and the providers' named HttpClients.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class KeyedClientTests
{
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public void Every_profiled_model_and_alias_is_a_keyed_chat_client()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_ROUTE_KEY", "route-key"), ("ECHO_API_KEY", "echo-key"));
        using ServiceProvider services = HostedServices.Build(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:BaseUrl"] = "http://127.0.0.1:1/v1",
        });

        var expected = new List<string>();
        foreach (ProviderInfo provider in TestModels.Providers)
        {
            foreach (string model in provider.Models)
            {
                expected.Add(provider.Name + ":" + model);
                Assert.True(TestModels.Registry.TryGetProfile(provider.Name, model, out ModelProfile? profile));
                expected.AddRange(profile.Aliases.Select(alias => provider.Name + ":" + alias));
            }
        }

        Assert.Contains("vllm:qwen3-4b", expected);
        Assert.Contains("vllm:qwen3", expected);
        Assert.Contains("remote-lab:hybrid", expected);
        foreach (string key in expected)
        {
            IChatClient client = services.GetRequiredKeyedService<IChatClient>(key);
            ModelProfile profile = Assert.IsType<ModelProfile>(client.GetService(typeof(ModelProfile)));
            Assert.Equal(key[..key.IndexOf(':', StringComparison.Ordinal)], profile.Provider);
        }

        // A model the profiles do not list resolves too (it loads like LoadChatModel); a key of no declared provider does not.
        // (Keys built at run time: the analyzers flag these very literals, MR0016 and MR0015.)
        string unprofiledKey = string.Join(':', "vllm", "not-profiled"), unknownProviderKey = string.Join(':', "vlm", "qwen3-4b");
        IChatClient unprofiled = services.GetRequiredKeyedService<IChatClient>(unprofiledKey);
        Assert.Null(unprofiled.GetService(typeof(ModelProfile)));
        Assert.Same(unprofiled, services.GetRequiredKeyedService<IChatClient>(unprofiledKey));
        Assert.Null(services.GetKeyedService<IChatClient>(unknownProviderKey));
        Assert.Null(services.GetKeyedService<IChatClient>("no-colon"));
    }

    [Fact]
    public async Task A_keyed_client_sends_to_the_configured_endpoint_with_the_configured_key_and_headers()
    {
        using var environment = new EnvironmentScope(("VLLM_API_BASE", "http://127.0.0.1:1/v1"), ("VLLM_API_KEY", "environment-key"));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        using ServiceProvider services = HostedServices.Build(HostedServices.Vllm(server));

        IChatClient byId = services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
        IChatClient byAlias = services.GetRequiredKeyedService<IChatClient>("vllm:qwen3");
        await byId.GetResponseAsync(TestClients.Ask("hi"));
        await byAlias.GetResponseAsync(TestClients.Ask("hi"));

        Assert.Equal(2, server.Requests.Count);
        foreach (CapturedRequest request in server.Requests)
        {
            Assert.Equal(server.Endpoint.AbsolutePath.TrimEnd('/') + "/chat/completions", request.Path);
            Assert.Equal("Bearer configured-key", request.Headers["Authorization"]);
            Assert.Equal("search", request.Headers["X-Team"]);
            Assert.Equal("qwen3-4b", request.Json.GetProperty("model").GetString());
        }
    }

    [Fact]
    public async Task A_model_the_profiles_do_not_list_loads_through_the_hosted_registry_with_its_providers_configuration()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using ServiceProvider services = HostedServices.Build(HostedServices.Vllm(server));

        using IChatClient client = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:mistral-7b");
        await client.GetResponseAsync(TestClients.Ask("hi"));

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("mistral-7b", request.Json.GetProperty("model").GetString());
        Assert.Equal("Bearer configured-key", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task The_generic_hosts_appsettings_json_configures_the_models_and_its_logging_receives_their_warnings()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        string root = Directory.CreateTempSubdirectory("modelregistry-host-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "appsettings.json"), JsonSerializer.Serialize(new
            {
                ModelRegistry = new
                {
                    Providers = new Dictionary<string, object>
                    {
                        ["vllm"] = new { BaseUrl = server.Endpoint.ToString(), ApiKey = "json-key", Headers = new Dictionary<string, string> { ["X-Team"] = "json" } },
                    },
                },
            }));

            HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = root,
                EnvironmentName = Environments.Production,
                Args = [],
            });
            var logs = new TestLog();
            builder.Logging.ClearProviders().AddProvider(logs);
            builder.Services.AddModelRegistry(TestModels.Registry);
            using IHost host = builder.Build();

            IChatClient chat = host.Services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
            // vllm.json accepts only "auto" and "required": "none" is left out, with a warning, and no LoggerFactory was passed.
            await chat.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { Tools = [AIFunctionFactory.Create(() => "sunny", "get_weather")], ToolMode = ChatToolMode.None });

            CapturedRequest request = server.SingleRequest;
            Assert.Equal("Bearer json-key", request.Headers["Authorization"]);
            Assert.Equal("json", request.Headers["X-Team"]);
            Assert.False(request.Json.TryGetProperty("tool_choice", out _));
            Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("tool_choice", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Requests_go_through_the_providers_named_HttpClient()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        var seen = new List<Uri>();
        using ServiceProvider services = HostedServices.Build(
            HostedServices.Vllm(server),
            configureServices: s => s.AddHttpClient(ModelRegistryOptions.GetHttpClientName("vllm"))
                .AddHttpMessageHandler(() => new RecordingHandler(seen)));

        await services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b").GetResponseAsync(TestClients.Ask("hi"));

        Assert.Equal("ModelRegistry.vllm", ModelRegistryOptions.GetHttpClientName("vllm"));
        Uri sent = Assert.Single(seen);
        Assert.Equal(server.Endpoint.Authority, sent.Authority);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Each_route_of_a_routed_model_reads_its_own_providers_configuration_and_the_routing_section()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_ROUTE_KEY", "route-key"), ("ECHO_API_KEY", "echo-key"));
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        var seen = new List<Uri>();
        Dictionary<string, string?> configuration = HostedServices.Vllm(server);
        // Only the vllm route is left: the others are disabled by the Routing section (a route named after host and port too).
        configuration["ModelRegistry:Routing:models:remote-lab:hybrid:routes:echo:enabled"] = "false";
        configuration["ModelRegistry:Routing:models:remote-lab:hybrid:routes:127.0.0.1:9:enabled"] = "false";
        configuration["ModelRegistry:Routing:models:remote-lab:hybrid:routes:vllm:weight"] = "2";
        using ServiceProvider services = HostedServices.Build(
            configuration,
            configureServices: s => s.AddHttpClient(ModelRegistryOptions.GetHttpClientName("vllm")).AddHttpMessageHandler(() => new RecordingHandler(seen)));

        ChatResponse response = await services.GetRequiredKeyedService<IChatClient>("remote-lab:hybrid").GetResponseAsync(TestClients.Ask("hi"));

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("qwen3-4b", request.Json.GetProperty("model").GetString());
        Assert.Equal("Bearer configured-key", request.Headers["Authorization"]);
        Assert.Equal("search", request.Headers["X-Team"]);
        Assert.Single(seen);
        Assert.False(string.IsNullOrEmpty(response.Text));
    }

    private sealed class RecordingHandler(List<Uri> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.RequestUri!);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

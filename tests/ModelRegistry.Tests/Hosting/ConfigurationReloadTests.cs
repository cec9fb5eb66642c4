using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>A configuration change seen through <see cref="IOptionsMonitor{TOptions}"/> reaches clients used after it.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationReloadTests
{
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public async Task A_changed_endpoint_reaches_keyed_clients_and_loads_after_the_change()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer before = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        await using LoopbackProviderServer after = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(HostedServices.Vllm(before)).Build();
        using ServiceProvider services = HostedServices.Build(configuration);
        IChatClient resolvedBefore = services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
        await resolvedBefore.GetResponseAsync(TestClients.Ask("hi"));
        var monitor = services.GetRequiredService<IOptionsMonitor<ModelRegistryOptions>>();
        int changes = 0;
        using IDisposable? subscription = monitor.OnChange(_ => changes++);

        configuration["ModelRegistry:Providers:vllm:BaseUrl"] = after.Endpoint.ToString();
        configuration["ModelRegistry:Providers:vllm:ApiKey"] = "rotated-key";
        configuration.Reload();

        Assert.Equal(1, changes);
        Assert.Equal(after.Endpoint, monitor.CurrentValue.Providers["vllm"].BaseUrl);
        IChatClient resolvedAfter = services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
        await resolvedAfter.GetResponseAsync(TestClients.Ask("hi"));
        await resolvedBefore.GetResponseAsync(TestClients.Ask("hi"));
        using IChatClient loaded = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3");
        await loaded.GetResponseAsync(TestClients.Ask("hi"));

        Assert.Single(before.Requests);
        Assert.Equal(3, after.Requests.Count);
        Assert.All(after.Requests, request => Assert.Equal("Bearer rotated-key", request.Headers["Authorization"]));
    }

    [Fact]
    public void Options_configured_in_code_apply_over_the_configuration()
    {
        using var environment = new EnvironmentScope();
        using ServiceProvider services = HostedServices.Build(
            new Dictionary<string, string?> { ["ModelRegistry:Providers:vllm:Timeout"] = "5" },
            configureServices: s => s.Configure<ModelRegistryOptions>(options => options.Providers["vllm"].MaxRetries = 7));

        using IChatClient client = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3-4b");
        ChatModelConfiguration resolved = Assert.IsType<OpenAICompatibleChatClient>(client.GetService(typeof(OpenAICompatibleChatClient))).Configuration;

        Assert.Equal(TimeSpan.FromSeconds(5), resolved.Timeout);
        Assert.Equal(7, resolved.MaxRetries);
    }
}

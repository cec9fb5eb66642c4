using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary><c>AddModelRegistry(registry, section)</c>: the settings come from the section passed, not from <c>ModelRegistry</c>.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationSectionTests
{
    [Fact]
    public void A_section_passed_in_is_read_in_place_of_the_ModelRegistry_section()
    {
        using var environment = new EnvironmentScope();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:BaseUrl"] = "http://ignored:8000/v1",
            ["Llm:Providers:vllm:BaseUrl"] = "http://from-llm-section:8000/v1",
            ["Llm:Providers:vllm:Timeout"] = "00:01:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);

        services.AddModelRegistry(TestModels.Registry, configuration.GetSection("Llm"));

        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient chat = provider.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
        ChatModelConfiguration resolved = Assert.IsType<OpenAICompatibleChatClient>(chat.GetService(typeof(OpenAICompatibleChatClient))).Configuration;
        Assert.Equal(new Uri("http://from-llm-section:8000/v1"), resolved.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(90), resolved.Timeout);
    }
}

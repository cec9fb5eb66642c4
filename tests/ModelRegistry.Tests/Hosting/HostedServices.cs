using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>A real <see cref="ServiceCollection"/> with an in-memory configuration and <c>AddModelRegistry(TestModels.Registry)</c>.</summary>
internal static class HostedServices
{
    public static ServiceProvider Build(
        IEnumerable<KeyValuePair<string, string?>> configuration,
        Action<ModelRegistryBuilder>? configureRegistry = null,
        Action<IServiceCollection>? configureServices = null) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(), configureRegistry, configureServices);

    public static ServiceProvider Build(
        IConfiguration configuration,
        Action<ModelRegistryBuilder>? configureRegistry = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        ModelRegistryBuilder registry = services.AddModelRegistry(TestModels.Registry);
        configureRegistry?.Invoke(registry);
        configureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary><c>ModelRegistry:Providers:vllm:*</c> pointing at <paramref name="server"/>, with a key and a header.</summary>
    public static Dictionary<string, string?> Vllm(LoopbackProviderServer server, string apiKey = "configured-key") => new()
    {
        ["ModelRegistry:Providers:vllm:BaseUrl"] = server.Endpoint.ToString(),
        ["ModelRegistry:Providers:vllm:ApiKey"] = apiKey,
        ["ModelRegistry:Providers:vllm:Headers:X-Team"] = "search",
    };
}

using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Registry;

/// <summary><c>TestModels.Registry</c>, the generated <see cref="IModelRegistry"/>: the registry as an object answers exactly
/// what the class's static members answer. In the environment collection: loading reads the environment.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RegistryObjectTests
{
    private static readonly IModelRegistry Registry = TestModels.Registry;

    [Fact]
    public void The_registry_object_is_one_instance_with_the_classes_providers()
    {
        Assert.Same(Registry, TestModels.Registry);
        Assert.Equal(TestModels.Providers, Registry.Providers);
        Assert.Contains(Registry.Providers, provider => provider.Name == "remote-lab");
        Assert.Contains(Registry.Providers, provider => provider.Name == "openai" && provider.IsBuiltIn);
    }

    [Fact]
    public void Lookups_through_the_object_find_what_the_static_lookups_find()
    {
        Assert.True(Registry.TryGetProvider("VLLM", out ProviderInfo? provider));
        Assert.True(TestModels.TryGetProvider("vllm", out ProviderInfo? same));
        Assert.Same(same, provider);
        Assert.False(Registry.TryGetProvider("vllmm", out _));

        Assert.True(Registry.TryGetProfile("vllm", "qwen3", out ModelProfile? profile));
        Assert.Equal("qwen3-4b", profile.Model);
        Assert.Equal(32768, profile.MaxInputTokens);
        Assert.False(Registry.TryGetProfile("vllm", "qwen3-5b", out _));
    }

    [Fact]
    public void Every_profiled_model_of_every_provider_loads_through_the_object_by_each_overload()
    {
        using var environment = new EnvironmentScope(
            ("MODELREGISTRY_TEST_ROUTE_KEY", "route-key"), ("MODELREGISTRY_TEST_TITLE", "tests"), ("REMOTE_LAB_API_BASE", "http://127.0.0.1:9/v1"));
        int loaded = 0;
        foreach (ProviderInfo provider in Registry.Providers.Where(p => !p.IsBuiltIn))
        {
            foreach (string model in provider.Models)
            {
                using IChatClient byId = Registry.LoadChatModel(provider.Name + ":" + model);
                using IChatClient byParts = Registry.LoadChatModel(model, provider.Name);
                using IChatClient byTypedId = Registry.LoadChatModel(new ChatModelId(provider.Name, model));
                foreach (IChatClient client in new[] { byId, byParts, byTypedId })
                {
                    Assert.Equal(model, client.GetService<ModelProfile>()?.Model);
                }

                loaded++;
            }
        }

        Assert.Equal(3, loaded);
    }

    [Fact]
    public void An_unknown_provider_fails_through_the_object_as_through_the_class()
    {
        // Not a literal at the static call: MR0015 would (rightly) stop the build there.
        string unknown = string.Concat("vlm", ":qwen3-4b");
        ModelNotFoundException fromObject = Assert.Throws<ModelNotFoundException>(() => Registry.LoadChatModel(unknown));
        ModelNotFoundException fromClass = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel(unknown));
        Assert.Equal(fromClass.Message, fromObject.Message);
    }
}

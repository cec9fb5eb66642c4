using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Seeds;

/// <summary>The generic-provider seed's variables (<c>PREFERRED_PROVIDER=openai_compatible</c>,
/// <c>OPENAI_COMPATIBLE_ENABLED</c>, <c>OPENAI_COMPATIBLE_DEFAULT_MODEL</c>) and langchain-dev-utils 1.4.5's
/// <c>reasoning_keep_policy</c> names, at run time.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SeedEnvironmentNameTests
{
    private const string Endpoint = "http://inference.internal:9000/v1";

    [Fact]
    public void Preferred_provider_openai_compatible_with_an_underscore_selects_the_generic_provider()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openai_compatible"), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint));

        using IChatClient client = TestModels.LoadChatModel("meta-llama/llama-3.3-70b-instruct");

        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(new Uri(Endpoint), metadata.ProviderUri);
        Assert.Equal("meta-llama/llama-3.3-70b-instruct", metadata.DefaultModelId);
    }

    [Fact]
    public void Preferred_provider_openai_compatible_selects_it_in_a_host_too()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openai_compatible"), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddModelRegistry(TestModels.Registry);
        using ServiceProvider provider = services.BuildServiceProvider();

        using IChatClient client = provider.GetRequiredService<IModelRegistry>().LoadChatModel("m-1");

        Assert.Equal(new Uri(Endpoint), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public void A_name_that_matches_as_written_wins_over_the_underscore_reading()
    {
        using var environment = new EnvironmentScope(("PREFERRED_PROVIDER", "openia_x"));

        ModelNotFoundException error = Assert.Throws<ModelNotFoundException>(() => TestModels.LoadChatModel("m"));

        Assert.Equal("openia_x", error.Requested); // no provider either way: the error names the value as written
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("OFF")]
    public void Openai_compatible_enabled_false_disables_the_generic_provider(string value)
    {
        using var environment = new EnvironmentScope(("OPENAI_COMPATIBLE_ENABLED", value), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint));

        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("openai-compatible:m"));

        Assert.Equal("OPENAI_COMPATIBLE_ENABLED", error.VariableName);
        Assert.Contains("disabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Openai_compatible_enabled_true_or_unset_keeps_it_and_other_values_are_errors()
    {
        using (new EnvironmentScope(("OPENAI_COMPATIBLE_ENABLED", "true"), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint)))
        {
            using IChatClient client = TestModels.LoadChatModel("openai-compatible:m");
            Assert.Equal("m", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        }

        using (new EnvironmentScope(("OPENAI_COMPATIBLE_ENABLED", "maybe"), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint)))
        {
            ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("openai-compatible:m"));
            Assert.Equal("OPENAI_COMPATIBLE_ENABLED", error.VariableName);
        }

        // Other providers never read it.
        using (new EnvironmentScope(("OPENAI_COMPATIBLE_ENABLED", "false")))
        {
            using IChatClient vllm = TestModels.LoadChatModel("vllm:qwen3-4b");
            Assert.Equal("vllm", vllm.GetService<ChatClientMetadata>()!.ProviderName);
        }
    }

    [Fact]
    public void Openai_compatible_default_model_is_what_the_provider_alone_loads()
    {
        using (new EnvironmentScope(("OPENAI_COMPATIBLE_DEFAULT_MODEL", "qwen/qwen3-8b"), ("OPENAI_COMPATIBLE_BASE_URL", Endpoint)))
        {
            using IChatClient client = TestModels.LoadChatModel("openai-compatible:");
            Assert.Equal("qwen/qwen3-8b", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        }

        using (new EnvironmentScope(("OPENAI_COMPATIBLE_BASE_URL", Endpoint)))
        {
            ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.LoadChatModel("openai-compatible:"));
            Assert.Equal("OPENAI_COMPATIBLE_DEFAULT_MODEL", error.VariableName);
        }

        // Any other provider with nothing after the colon is still a malformed id (MR0017 at build time for a literal).
        string vllm = "vllm";
        Assert.Throws<ArgumentException>(() => TestModels.LoadChatModel(vllm + ":"));
    }

    [Theory]
    [InlineData("never", ReasoningContentKeepType.Discard)]
    [InlineData("current", ReasoningContentKeepType.Temp)]
    [InlineData("ALL", ReasoningContentKeepType.Retain)]
    [InlineData("temp", ReasoningContentKeepType.Temp)]
    public void Reasoning_keep_policy_names_are_aliases_of_the_keep_types(string value, ReasoningContentKeepType expected)
    {
        Assert.Equal(expected, CompatibilityValueNames.Parse<ReasoningContentKeepType>(value));
        Assert.Null(CompatibilityValueNames.Parse<ReasoningFieldName>("all")); // only the keep type has these names
    }

    [Theory]
    [InlineData("ReasoningKeepPolicy", "current", ReasoningContentKeepType.Temp)]
    [InlineData("reasoning_keep_policy", "all", ReasoningContentKeepType.Retain)]
    [InlineData("ReasoningContentKeepType", "never", ReasoningContentKeepType.Discard)]
    public void The_configuration_section_accepts_the_keep_policy_key_and_names(string key, string value, ReasoningContentKeepType expected)
    {
        using var environment = new EnvironmentScope();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:Compatibility:" + key] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddModelRegistry(TestModels.Registry);
        using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");

        ChatModelConfiguration resolved = Assert.IsType<OpenAICompatibleChatClient>(chat.GetService(typeof(OpenAICompatibleChatClient))).Configuration;
        Assert.Equal(expected, resolved.Compatibility.ReasoningContentKeepType);
    }
}

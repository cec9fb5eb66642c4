using System.Text;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Routing;

/// <summary>Loading <c>remote-lab:hybrid</c>, whose profile (profiles/remote-lab.json) routes over echo, vllm (local) and a bare base_url.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RoutedLoadingTests
{
    private static RoutingOverlay Overlay(string json) => RoutingOverlay.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task A_model_with_routes_loads_as_a_routed_client_over_every_route()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_ROUTE_KEY", "route-key"));

        using IChatClient chat = TestModels.LoadChatModel("remote-lab:hybrid");

        RoutedChatClient routed = Assert.IsType<RoutedChatClient>(chat);
        Assert.Equal(["echo", "vllm", "127.0.0.1:9"], routed.Routes.Select(r => r.Name));
        Assert.Equal([3d, 1d, 0d], routed.Routes.Select(r => r.Weight));
        Assert.True(routed.Routes[1].IsLocal);
        Assert.Equal("hybrid", Assert.IsType<ModelProfile>(chat.GetService(typeof(ModelProfile))).Model);

        // Routes with a 0 weight are fallbacks only; vllm may be picked, but it is not running, so echo or vllm→fallback answers.
        ChatResponse response = await chat.GetResponseAsync("hi", new ChatOptions());
        Assert.NotNull(response.GetRoutedCallInfo());
    }

    [Fact]
    public void Offload_drops_the_local_route_at_load()
    {
        using var environment = new EnvironmentScope(("OFFLOAD", "1"), ("MODELREGISTRY_TEST_ROUTE_KEY", "route-key"));

        using var routed = (RoutedChatClient)TestModels.LoadChatModel("remote-lab:hybrid");

        Assert.Equal(["echo", "127.0.0.1:9"], routed.Routes.Select(r => r.Name));
    }

    [Fact]
    public void Offload_also_drops_the_route_on_local_base_url()
    {
        using var environment = new EnvironmentScope(("OFFLOAD", "true"), ("LOCAL_BASE_URL", "http://127.0.0.1:9"), ("MODELREGISTRY_TEST_ROUTE_KEY", "k"));

        using var routed = (RoutedChatClient)TestModels.LoadChatModel("remote-lab:hybrid");

        Assert.Equal(["echo"], routed.Routes.Select(r => r.Name));
    }

    [Fact]
    public void A_route_whose_key_variable_is_unset_is_left_out_with_the_variable_named_when_none_remains()
    {
        using var environment = new EnvironmentScope(("OFFLOAD", "1"));
        RoutingOverlay overlay = Overlay("""{ "models": { "remote-lab:hybrid": { "routes": { "echo": { "enabled": false } } } } }""");

        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(
            () => TestModels.LoadChatModel("remote-lab:hybrid", new ChatModelSettings { RoutingOverlay = overlay }));

        Assert.Contains("remote-lab:hybrid has no usable route", error.Message, StringComparison.Ordinal);
        Assert.Contains("MODELREGISTRY_TEST_ROUTE_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("disabled by the overlay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overlay_changes_weights_endpoints_and_enabled_routes()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_ROUTE_KEY", "k"));
        RoutingOverlay overlay = Overlay("""
            { "cooldown_seconds": 5,
              "models": { "remote-lab:hybrid": { "routes": {
                "vllm": { "enabled": false },
                "127.0.0.1:9": { "weight": 7, "base_url": "http://10.0.0.5:8000/v1" } } } } }
            """);

        using var routed = (RoutedChatClient)TestModels.LoadChatModel("remote-lab:hybrid", new ChatModelSettings { RoutingOverlay = overlay });

        Assert.Equal(["echo", "127.0.0.1:9"], routed.Routes.Select(r => r.Name));
        Assert.Equal(7, routed.Routes[1].Weight);
        Assert.Equal(new Uri("http://10.0.0.5:8000/v1"), routed.Routes[1].Endpoint);
    }

    [Fact]
    public void A_route_providers_timeout_variable_bounds_that_route_and_the_overlay_wins_over_it()
    {
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_ROUTE_KEY", "k"), ("VLLM_TIMEOUT", "7"));

        using (var fromVariable = (RoutedChatClient)TestModels.LoadChatModel("remote-lab:hybrid"))
        {
            Assert.Equal(TimeSpan.FromSeconds(7), fromVariable.Routes.Single(r => r.Name == "vllm").Timeout);
            // The other routes' providers set none: they keep the routed client's defaults.
            Assert.Null(fromVariable.Routes.Single(r => r.Name == "127.0.0.1:9").Timeout);
        }

        RoutingOverlay overlay = Overlay("""{ "models": { "remote-lab:hybrid": { "routes": { "vllm": { "timeout_seconds": 2.5 } } } } }""");
        using var fromOverlay = (RoutedChatClient)TestModels.LoadChatModel("remote-lab:hybrid", new ChatModelSettings { RoutingOverlay = overlay });

        Assert.Equal(TimeSpan.FromSeconds(2.5), fromOverlay.Routes.Single(r => r.Name == "vllm").Timeout);
    }

    [Fact]
    public void The_overlay_is_validated_against_the_compiled_models()
    {
        RoutingOverlay overlay = Overlay("""
            { "models": {
                "remote-lab:hybrid": { "routes": { "openrouter": { "weight": 1 } } },
                "vllm:qwen3-4b": { "routes": {} },
                "vllm:nope": { "routes": {} } } }
            """);

        IReadOnlyList<string> problems = overlay.Validate((provider, model) => TestModels.TryGetProfile(provider, model, out ModelProfile? p) ? p : null);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("has no route 'openrouter'", StringComparison.Ordinal) && p.Contains("echo, vllm, 127.0.0.1:9", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'vllm:qwen3-4b' declares no routes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'vllm:nope' is not a compiled model", StringComparison.Ordinal));
        ModelConfigurationException atLoad = Assert.Throws<ModelConfigurationException>(
            () => TestModels.LoadChatModel("remote-lab:hybrid", new ChatModelSettings { RoutingOverlay = overlay }));
        Assert.Contains("no such route", atLoad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "api_key": "sk-live-123" } } } } }""", "api_key must be an environment reference")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "wieght": 1 } } } } }""", "unknown field 'wieght'")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "base_url": "ftp://x" } } } } }""", "base_url must be an absolute http(s) URL")]
    [InlineData("""{ "models": """, "not valid JSON")]
    public void A_bad_overlay_is_a_clear_error_that_never_echoes_a_key(string json, string expected)
    {
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => Overlay(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-123", error.Message, StringComparison.Ordinal);
    }
}

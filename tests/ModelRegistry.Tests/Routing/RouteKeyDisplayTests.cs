namespace ModelRegistry.Tests.Routing;

/// <summary>A route's key is an <c>${ENV}</c> reference; a key written in its place never shows in <c>ToString</c>.</summary>
public sealed class RouteKeyDisplayTests
{
    private const string Literal = "sk-or-v1-0123456789abcdef";

    [Fact]
    public void A_model_route_shows_its_key_reference_but_never_a_literal_key()
    {
        var referenced = new ModelRoute { Provider = "openrouter", ApiKey = "${OPENROUTER_API_KEY}", Weight = 2 };
        var literal = referenced with { ApiKey = Literal };

        Assert.Contains("ApiKey = ${OPENROUTER_API_KEY}", referenced.ToString(), StringComparison.Ordinal);
        Assert.Contains("Provider = openrouter", referenced.ToString(), StringComparison.Ordinal);
        Assert.Contains("Weight = 2", referenced.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Literal, literal.ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiKey = (hidden", literal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlay_route_shows_its_key_reference_but_never_a_literal_key()
    {
        var referenced = new RoutingOverlayRoute(1, null, "${OPENROUTER_API_KEY}", true, 60, null) { ProviderModelId = "qwen/qwen3-4b" };
        var literal = referenced with { ApiKey = Literal };

        Assert.Contains("ApiKey = ${OPENROUTER_API_KEY}", referenced.ToString(), StringComparison.Ordinal);
        Assert.Contains("RequestsPerMinute = 60", referenced.ToString(), StringComparison.Ordinal);
        Assert.Contains("ProviderModelId = qwen/qwen3-4b", referenced.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Literal, literal.ToString(), StringComparison.Ordinal);
    }
}

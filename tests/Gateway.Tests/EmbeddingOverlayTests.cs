using System.Text;
using System.Text.Json;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The routing overlay of a registry with embedding models (<see cref="EmbeddingGatewayModels"/>): an embedding
/// model takes no <c>fallbacks</c> (another model's vectors would not compare with those already stored; MR0030 at build
/// time) and a chat model falls back to no embedding model. The start-up check (<see cref="OverlayValidation"/>, which
/// <c>--check-overlay</c> runs) refuses both with its reason, and the generated schema offers neither.</summary>
public sealed class EmbeddingOverlayTests
{
    [Theory]
    [InlineData("""{ "models": { "embed-hub:routed-embed": { "fallbacks": ["embed-hub:text-embedding-3-small"] } } }""",
        "'embed-hub:routed-embed' is an embedding model, so its fallbacks cannot apply", "$.models.embed-hub:routed-embed.fallbacks")]
    [InlineData("""{ "models": { "embed-hub:text-embedding-3-small": { "fallbacks": ["embed-hub:routed-embed"] } } }""",
        "'embed-hub:text-embedding-3-small' is an embedding model, so its fallbacks cannot apply", "$.models.embed-hub:text-embedding-3-small")]
    [InlineData("""{ "models": { "embed-hub:chat": { "fallbacks": ["embed-hub:routed-embed"] } } }""",
        "fallback 'embed-hub:routed-embed' of 'embed-hub:chat' is an embedding model, which answers no chat call", "$.models.embed-hub:chat.fallbacks[0]")]
    public void An_overlay_giving_fallbacks_to_or_towards_an_embedding_model_is_refused_at_start_up_and_by_the_schema(string overlay, string error, string where)
    {
        var exception = Assert.Throws<ModelConfigurationException>(() => OverlayValidation.ThrowIfInvalid(Parse(overlay), EmbeddingGatewayModels.Registry));

        Assert.Contains(error, exception.Message, StringComparison.Ordinal);
        Assert.Contains(where, SchemaFailures(overlay));
    }

    [Fact]
    public void The_message_says_to_use_routes_of_the_same_model_instead()
    {
        var exception = Assert.Throws<ModelConfigurationException>(() => OverlayValidation.ThrowIfInvalid(
            Parse("""{ "models": { "embed-hub:routed-embed": { "fallbacks": ["embed-hub:text-embedding-3-small"] } } }"""), EmbeddingGatewayModels.Registry));

        Assert.Contains("would not compare with the vectors already stored", exception.Message, StringComparison.Ordinal);
        Assert.Contains("give it several routes that serve the same model instead", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fixed_overlay_changes_the_embedding_models_routes_instead_and_fits()
    {
        const string overlay = """
            { "models": {
              "embed-hub:routed-embed": { "routes": { "GATEWAY_TESTS_EMBED_A": { "weight": 3 }, "GATEWAY_TESTS_EMBED_B": { "enabled": false } } }
            } }
            """;

        OverlayValidation.ThrowIfInvalid(Parse(overlay), EmbeddingGatewayModels.Registry);
        Assert.Empty(SchemaFailures(overlay));
    }

    [Fact]
    public void The_schema_lists_a_routed_embedding_model_with_its_routes_only_and_offers_no_embedding_model_as_a_fallback()
    {
        using JsonDocument schema = JsonDocument.Parse(RoutingOverlaySchema.Generate(EmbeddingGatewayModels.Registry));
        JsonElement models = schema.RootElement.GetProperty("properties").GetProperty("models").GetProperty("properties");

        Assert.Equal(["routes"], models.GetProperty("embed-hub:routed-embed").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        // Without routes and without fallbacks, nothing of an embedding model can change.
        Assert.False(models.TryGetProperty("embed-hub:text-embedding-3-small", out _));
        Assert.True(models.TryGetProperty("embed-hub:chat", out _));
        JsonElement fallbackIds = schema.RootElement.GetProperty("$defs").GetProperty("fallbacks").GetProperty("items").GetProperty("anyOf")[0].GetProperty("enum");
        Assert.Equal(["embed-hub:chat"], fallbackIds.EnumerateArray().Select(e => e.GetString()));
    }

    private static RoutingOverlay Parse(string overlay) => RoutingOverlay.Parse(Encoding.UTF8.GetBytes(overlay));

    private static List<string> SchemaFailures(string overlay)
    {
        using JsonDocument schema = JsonDocument.Parse(RoutingOverlaySchema.Generate(EmbeddingGatewayModels.Registry));
        using JsonDocument instance = JsonDocument.Parse(overlay);
        return OverlayCommandTests.SchemaSubset.Validate(schema.RootElement, instance.RootElement, schema.RootElement, "$");
    }
}

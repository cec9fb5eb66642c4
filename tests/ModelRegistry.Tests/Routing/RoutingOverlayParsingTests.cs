using System.Text;
using ModelRegistry;
using Xunit;

namespace ModelRegistry.Tests.Routing;

/// <summary>The overlay file as <see cref="RoutingOverlay.Parse"/> reads it: every field converted, and every field of
/// the wrong shape a message naming it in the overlay's words (never System.Text.Json's, never the value).</summary>
public sealed class RoutingOverlayParsingTests
{
    private static RoutingOverlay Parse(string json) => RoutingOverlay.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    [Fact]
    public void Every_field_is_read_with_comments_trailing_commas_and_a_schema_reference()
    {
        RoutingOverlay overlay = Parse("""
            {
              // comments and trailing commas are allowed, as in the other JSON files a user edits by hand
              "$schema": "https://example.org/overlay.schema.json",
              "cooldown_seconds": 15, "queue_limit": 8, "max_pause_seconds": 120,
              "models": {
                "Local:Assistant": {
                  "routes": {
                    "vllm": { "weight": 3, "base_url": "http://gpu-box:8000/v1", "enabled": false, "provider_model_id": "qwen3", },
                    "openrouter": { "api_key": "${OPENROUTER_API_KEY}", "requests_per_minute": 20, "tokens_per_minute": 9000, "tokens_per_hour": 200000, "tokens_per_day": 1000000, "timeout_seconds": 20 }
                  }
                }
              }
            }
            """);

        Assert.Equal("test.json", overlay.Source);
        Assert.Equal(TimeSpan.FromSeconds(15), overlay.Cooldown);
        Assert.Equal(8, overlay.QueueLimit);
        Assert.Equal(TimeSpan.FromSeconds(120), overlay.MaxRoutePause);
        RoutingOverlayModel model = Assert.IsType<RoutingOverlayModel>(overlay.Find("local", "assistant"));
        RoutingOverlayRoute vllm = model.Routes["VLLM"];
        Assert.Equal(3, vllm.Weight);
        Assert.Equal(new Uri("http://gpu-box:8000/v1"), vllm.BaseUrl);
        Assert.False(vllm.Enabled);
        Assert.Equal("qwen3", vllm.ProviderModelId);
        Assert.Null(vllm.ApiKey);
        RoutingOverlayRoute openRouter = model.Routes["openrouter"];
        Assert.Equal("${OPENROUTER_API_KEY}", openRouter.ApiKey);
        Assert.Equal(20, openRouter.RequestsPerMinute);
        Assert.Equal(9000, openRouter.TokensPerMinute);
        Assert.Equal(200000, openRouter.TokensPerHour);
        Assert.Equal(1000000, openRouter.TokensPerDay);
        Assert.Null(vllm.TokensPerHour);
        Assert.Equal(TimeSpan.FromSeconds(20), openRouter.Timeout);
        Assert.Null(openRouter.Weight);
    }

    [Fact]
    public void An_empty_overlay_changes_nothing()
    {
        RoutingOverlay overlay = Parse("{}");

        Assert.Empty(overlay.Models);
        Assert.Null(overlay.Cooldown);
        Assert.Null(overlay.QueueLimit);
        Assert.Null(overlay.MaxRoutePause);
    }

    [Theory]
    [InlineData("""[1]""", "the overlay must be a JSON object")]
    [InlineData("""{ "model": {} }""", "unknown field 'model' (expected models, cooldown_seconds, queue_limit or max_pause_seconds)")]
    [InlineData("""{ "models": [] }""", "models must be a JSON object")]
    [InlineData("""{ "models": null }""", "models must be a JSON object")]
    [InlineData("""{ "models": { "a:b": 1 } }""", "a:b must be a JSON object")]
    [InlineData("""{ "models": { "a:b": null } }""", "a:b must be a JSON object")]
    [InlineData("""{ "models": { "a:b": { "route": {} } } }""", "unknown field 'route' in 'a:b' (expected routes or fallbacks)")]
    [InlineData("""{ "models": { "a:b": { "routes": "x" } } }""", "a:b.routes must be a JSON object")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": [] } } } }""", "a:b route 'x' must be a JSON object")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "weight": null } } } } }""", "a:b route 'x': weight must be a number of at least 0")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "weight": -1 } } } } }""", "a:b route 'x': weight must be a number of at least 0")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "enabled": "yes" } } } } }""", "a:b route 'x': enabled must be true or false")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "provider_model_id": 3 } } } } }""", "a:b route 'x': provider_model_id must be a string")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "timeout_seconds": 90000 } } } } }""", "a:b route 'x': timeout_seconds must be at most 86400 (a day)")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "tokens_per_hour": 0 } } } } }""", "a:b route 'x': tokens_per_hour must be a whole number of at least 1")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "tokens_per_day": 1.5 } } } } }""", "a:b route 'x': tokens_per_day must be a whole number of at least 1")]
    [InlineData("""{ "models": { "a:b": { "routes": { "x": { "tokens_per_week": 5 } } } } }""", "a:b route 'x': unknown field 'tokens_per_week' (expected weight, base_url, api_key, api_keys, provider_model_id, enabled, requests_per_minute, tokens_per_minute, tokens_per_hour, tokens_per_day, max_input_tokens or timeout_seconds)")]
    [InlineData("""{ "queue_limit": "8" }""", "queue_limit must be a number of at least 0")]
    [InlineData("""{ "max_pause_seconds": 1e6 }""", "max_pause_seconds must be at most 86400 (a day)")]
    public void A_field_of_the_wrong_shape_is_named_in_the_overlays_words(string json, string expected)
    {
        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => Parse(json));

        Assert.Equal($"The routing overlay test.json is invalid: {expected}.", error.Message);
        Assert.Equal(RoutingOverlay.PathVariable, error.VariableName);
    }

    [Fact]
    public void A_key_written_where_its_reference_belongs_is_never_echoed_even_as_the_wrong_type()
    {
        ModelConfigurationException literal = Assert.Throws<ModelConfigurationException>(
            () => Parse("""{ "models": { "a:b": { "routes": { "x": { "api_key": "sk-live-456" } } } } }"""));
        ModelConfigurationException wrongShape = Assert.Throws<ModelConfigurationException>(
            () => Parse("""{ "models": { "a:b": { "routes": { "x": { "api_key": ["sk-live-456"] } } } } }"""));

        Assert.Contains("api_key must be an environment reference", literal.Message, StringComparison.Ordinal);
        Assert.Contains("api_key must be a string", wrongShape.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-456", literal.Message + wrongShape.Message, StringComparison.Ordinal);
    }
}

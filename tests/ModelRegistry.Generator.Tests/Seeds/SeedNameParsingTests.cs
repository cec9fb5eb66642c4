using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Seeds;

/// <summary>The hybrid-inference seed's names (<c>route</c>, <c>kind</c>, <c>input_cache_reads</c>, model-level
/// <c>base_url</c>/<c>api_key</c>, <c>api_keys</c>) keep a ported file's routing and pricing; what cannot be kept is an error.</summary>
public sealed class SeedNameParsingTests
{
    private const string ProfilePath = "/app/profiles/freeinference.json";

    private static (ProfileFileSpec? Spec, List<Diagnostic> Diagnostics) Parse(string json)
    {
        var sink = new DiagnosticSink();
        ProfileFileSpec? spec = ProfileFileParser.Parse(ProfilePath, SourceText.From(json), sink, CancellationToken.None);
        return (spec, sink.ToDiagnostics());
    }

    private static string Underlined(string json, Diagnostic diagnostic) => json.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void The_ported_models_yaml_keeps_its_routes_and_prices()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse(SeedFiles.HybridInferenceModels);

        Assert.Empty(diagnostics);
        ModelSpec glm = spec!.Models.Single(m => m.Id == "glm-5.1");
        Assert.Equal(
            new[]
            {
                new RouteSpec("zai", "${ZAI_BASE_URL}", "1.0", false, "glm-5.1", null, null, null, new[] { "${ZAI_API_KEY}", "${ZAI_API_KEY2}" }.ToImmutableEquatableArray()),
                new RouteSpec("ollama", "${OLLAMA_BASE_URL}", "0.24", false, "glm-5.1", null, null, null, new[] { "${OLLAMA_API_KEY}" }.ToImmutableEquatableArray()),
                // kind: openai_compat with a base_url is a bare endpoint route.
                new RouteSpec(null, "https://staging.freeinference.org/v1", "0.01", false, "glm-5.1", null, null, null, new[] { "${STAGING_API_KEY}" }.ToImmutableEquatableArray()),
            },
            glm.Routes!);
        // The seed's prices are USD per million tokens; ModelPricing's are per token.
        Assert.Equal(new PricingSpec("0.0000014", "0.0000044", "0.00000026", "0", "0", "0"), glm.Pricing);

        // The model-level base_url and api_key of the seed's single-endpoint form become the model's one route.
        ModelSpec single = spec.Models.Single(m => m.Id == "test-model-2");
        Assert.Equal(new[] { new RouteSpec(null, "http://remote.test", "1", false, null, "${REMOTE_TEST_API_KEY}", null, null) }, single.Routes!);
        Assert.Equal(new PricingSpec("0", "0", "0", "0", "0", "0"), single.Pricing);
    }

    [Fact]
    public void Model_level_endpoint_and_keys_fill_the_routes_that_give_none()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "provider": "g", "models": { "m": {
                "route": [ { "kind": "vllm" }, { "kind": "openai_compat" }, { "kind": "openai_compat", "base_url": "http://own:1/v1", "api_key": "${OWN}" } ],
                "base_url": "http://shared:8000/v1", "api_keys": ["${K1}", "${K2}"] } } }
            """);

        Assert.Empty(diagnostics);
        ImmutableEquatableArray<string> shared = new[] { "${K1}", "${K2}" }.ToImmutableEquatableArray();
        Assert.Equal(
            new[]
            {
                new RouteSpec("vllm", "http://shared:8000/v1", "1", false, null, null, null, null, shared),
                new RouteSpec(null, "http://shared:8000/v1", "1", false, null, null, null, null, shared),
                new RouteSpec(null, "http://own:1/v1", "1", false, null, "${OWN}", null, null),
            },
            Assert.Single(spec!.Models).Routes!);
    }

    [Fact]
    public void A_generic_kind_without_an_endpoint_is_the_built_in_generic_provider()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""{ "provider": "g", "models": { "m": { "route": [ { "kind": "openai_compat", "weight": 2 } ] } } }""");

        Assert.Empty(diagnostics);
        Assert.Equal(new[] { new RouteSpec("openai-compatible", null, "2", false, null, null, null, null) }, Assert.Single(spec!.Models).Routes!);
    }

    [Theory]
    // Bad: a key inside a route or a pricing object that would be ignored is an error (MR0025), not a warning.
    [InlineData("""{ "provider": "g", "models": { "m": { "route": [ { "kind": "vllm", "quota": { "limit": 5000 } } ] } } }""", "MR0025", "\"quota\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "provder": "vllm", "base_url": "http://x" } ] } } }""", "MR0025", "\"provder\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "pricing": { "prompt": "1", "web_search": "0.01" } } } }""", "MR0025", "\"web_search\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "pricing": { "input_cache_reeds": "1" } } } }""", "MR0025", "\"input_cache_reeds\"")]
    // One field under both of its names.
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "provider": "vllm" } ], "route": [ { "kind": "vllm" } ] } } }""", "MR0006", "\"route\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "routes": [ { "provider": "vllm", "kind": "ollama" } ] } } }""", "MR0006", "\"kind\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "pricing": { "input_cache_read": "1", "input_cache_reads": "1" } } } }""", "MR0006", "\"input_cache_reads\"")]
    // A model-level key with nowhere to go, a literal key, an invalid endpoint.
    [InlineData("""{ "provider": "g", "models": { "m": { "api_key": "${K}" } } }""", "MR0004", "\"api_key\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "pricing": { "unit": "per_1k" } } } }""", "MR0004", "\"per_1k\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "base_url": "http://x", "api_key": "test-key" } } }""", "MR0013", "\"test-key\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "route": [ { "kind": "vllm", "base_url": "${HOST}:8000/v1" } ] } } }""", "MR0011", "\"${HOST}:8000/v1\"")]
    [InlineData("""{ "provider": "g", "models": { "m": { "route": [ { "kind": "openrouter[deepinfra]" } ] } } }""", "MR0001", "\"openrouter[deepinfra]\"")]
    public void Reports_what_would_drop_routing_or_pricing(string json, string id, string underlined)
    {
        (_, List<Diagnostic> diagnostics) = Parse(json);

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(underlined, Underlined(json, diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Fixed_the_seed_names_and_environment_endpoints_are_accepted()
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse("""
            { "provider": "g", "models": { "m": {
                "route": [ { "kind": "vllm", "base_url": "https://${HOST}/v1", "optional": true } ],
                "pricing": { "prompt": "1", "input_cache_reads": "0.1", "input_cache_writes": "0.2" } } } }
            """);

        Assert.Empty(diagnostics);
        ModelSpec model = Assert.Single(spec!.Models);
        Assert.Equal("https://${HOST}/v1", Assert.Single(model.Routes!).BaseUrl);
        Assert.Equal(new PricingSpec("0.000001", null, "0.0000001", "0.0000002", null, null), model.Pricing);
    }

    [Theory]
    [InlineData("""{ "unit": "per_token", "prompt": "0.000002", "input_cache_reads": "0.000001" }""", "0.000002", "0.000001")]
    [InlineData("""{ "unit": "per_million_tokens", "prompt": "2", "input_cache_read": "1", "request": "0.5" }""", "0.000002", "0.000001")]
    [InlineData("""{ "prompt": "0.000002", "input_cache_read": "0.000001" }""", "0.000002", "0.000001")]
    public void The_pricing_unit_decides_the_scale_and_seed_names_default_to_per_million(string pricing, string prompt, string cacheRead)
    {
        (ProfileFileSpec? spec, List<Diagnostic> diagnostics) = Parse($$"""{ "provider": "g", "models": { "m": { "pricing": {{pricing}} } } }""");

        Assert.Empty(diagnostics);
        PricingSpec price = Assert.Single(spec!.Models).Pricing!;
        Assert.Equal((prompt, cacheRead), (price.Prompt, price.InputCacheRead));
        Assert.True(price.Request is null or "0.5"); // per request in either unit
    }

    [Fact]
    public void The_routing_key_error_suggests_the_closest_route_key()
    {
        (_, List<Diagnostic> diagnostics) = Parse("""{ "provider": "g", "models": { "m": { "route": [ { "knd": "vllm" } ] } } }""");

        Diagnostic unknown = diagnostics.Single(d => d.Id == "MR0025");
        Assert.Contains("did you mean 'kind'?", unknown.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}

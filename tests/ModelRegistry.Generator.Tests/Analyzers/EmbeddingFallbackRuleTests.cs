using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelRegistry.Generator.Tests.Infrastructure;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0030 (<c>fallbacks</c> on an embedding model: another model's vectors would not compare with those already
/// stored), MR0023 for a chat model falling back to an embedding model, and what the generator emits for both.</summary>
public sealed class EmbeddingFallbackRuleTests
{
    private const string Registry = FallbackRuleTests.Registry;

    private const string Cloud = """{ "provider": "cloud", "models": { "embed-large": { "kind": "embedding" }, "big": {} } }""";

    [Fact]
    public async Task Every_fallback_of_an_embedding_model_is_an_error_at_its_entry_saying_to_use_routes()
    {
        ImmutableArray<Diagnostic> diagnostics = await VerifyAsync(Registry,
            ("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "bge-m3": { "kind": "embedding", "fallbacks": [{|MR0030:"cloud:embed-large"|}, {|MR0030:"nowhere:embed"|}] },
                  "e5": { "input_modalities": ["text"], "output_modalities": ["embedding"], "fallbacks": [{|MR0030:"bge-m3"|}] }
                } }
                """),
            ("/app/profiles/cloud.json", Cloud));

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        // Reported as MR0030 only, even for an entry that would also name no model.
        Assert.All(diagnostics, d => Assert.Equal("MR0030", d.Id));
        Assert.Equal(
            "Model 'bge-m3' is an embedding model, so fallback 'cloud:embed-large' cannot apply: another model's vectors lie in a different space and would not compare with the vectors already stored. Remove 'fallbacks' and give the model several 'routes' that serve the same model instead.",
            diagnostics[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_chat_model_falling_back_to_an_embedding_model_is_an_invalid_fallback()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Registry,
            ("/app/profiles/local.json", """{ "provider": "local", "models": { "assistant": { "fallbacks": [{|MR0023:"cloud:embed-large"|}, "cloud:big"] } } }"""),
            ("/app/profiles/cloud.json", Cloud)));

        Assert.Equal(
            "Fallback 'cloud:embed-large' of model 'assistant' is an embedding model, which answers no chat call. It is ignored: name a chat model.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task The_fixed_profiles_route_the_embedding_model_over_several_endpoints_and_report_nothing() =>
        VerifyAsync(Registry,
            ("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "bge-m3": { "kind": "embedding", "routes": [
                    { "base_url": "http://gpu-a:8000/v1", "weight": 2 },
                    { "base_url": "http://gpu-b:8000/v1", "weight": 1 },
                    { "provider": "cloud", "provider_model_id": "bge-m3" }
                  ] },
                  "assistant": { "fallbacks": ["cloud:big"] }
                } }
                """),
            ("/app/profiles/cloud.json", Cloud));

    [Fact]
    public void The_generator_emits_no_fallback_for_an_embedding_model_nor_one_that_is_an_embedding_model()
    {
        GeneratorRun run = GeneratorHarness.Run([Registry],
            new InMemoryAdditionalText("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "bge-m3": { "kind": "embedding", "fallbacks": ["cloud:embed-large"] },
                  "assistant": { "fallbacks": ["cloud:embed-large", "cloud:big"] }
                } }
                """),
            new InMemoryAdditionalText("/app/profiles/cloud.json", Cloud));

        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Models"));
        Assert.True(api.TryGetProfile("local", "bge-m3", out ModelProfile embedding));
        Assert.Equal(ModelKind.Embedding, embedding.Kind);
        Assert.Empty(embedding.Fallbacks);
        Assert.True(api.TryGetProfile("local", "assistant", out ModelProfile assistant));
        Assert.Equal(new[] { "cloud:big" }, assistant.Fallbacks.ToArray());
    }
}

using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Seeds;

/// <summary>The ported seed file through the whole generator (compiled, loaded) and the analyzers; MR0025 bad and fixed.</summary>
public sealed class SeedNameGenerationTests
{
    private const string ProfilePath = "/src/profiles/freeinference.json";

    private const string Declaration = """
        using ModelRegistry;

        /// <summary>The registry.</summary>
        [ModelProvider("freeinference", Kind = "openai-compatible", BaseUrl = "https://freeinference.org/v1")]
        [ModelProvider("zai", Kind = "openai-compatible", BaseUrl = "https://api.z.ai/api/paas/v4")]
        public static partial class Models { }
        """;

    [Fact]
    public void The_compiled_registry_routes_and_prices_the_ported_models()
    {
        GeneratorRun run = GeneratorHarness.Run([Declaration], new InMemoryAdditionalText(ProfilePath, SeedFiles.HybridInferenceModels));
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Models"));

        Assert.True(api.TryGetProfile("freeinference", "glm-5.1", out ModelProfile glm));
        Assert.Equal(["zai", "ollama", null], glm.Routes.Select(r => r.Provider));
        Assert.Equal(["${ZAI_API_KEY}", "${ZAI_API_KEY2}"], glm.Routes[0].ApiKeys.ToArray());
        Assert.Equal("${ZAI_BASE_URL}", glm.Routes[0].BaseUrl);
        Assert.Equal(0.01, glm.Routes[2].Weight);
        Assert.Equal(0.26m / 1_000_000m, glm.Pricing?.InputCacheRead); // USD per million tokens in the seed, per token here
        Assert.Equal(200000, glm.MaxInputTokens);

        Assert.True(api.TryGetProfile("freeinference", "test-model-2", out ModelProfile single));
        Assert.Equal("http://remote.test", Assert.Single(single.Routes).BaseUrl);
    }

    [Fact]
    public async Task Bad_an_unknown_route_key_is_an_error_at_its_name()
    {
        AnalyzerHarness.AnalyzerRun run = await AnalyzerHarness.RunAsync(Declaration, (ProfilePath, """
            { "provider": "freeinference", "models": { "m": { "route": [ { "kind": "zai", "quota_pool": "daily" } ] } } }
            """));

        Diagnostic diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "MR0025");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(ProfilePath, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public async Task Fixed_a_misspelt_route_key_is_renamed_by_the_code_fix()
    {
        Project project = CodeFixHarness.CreateProject(Declaration,
            (ProfilePath, """{ "provider": "freeinference", "models": { "m": { "route": [ { "knd": "zai", "weight": 1 } ] } } }"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new RoutingKeyCodeFixProvider(), "MR0025");

        Assert.Equal("""{ "provider": "freeinference", "models": { "m": { "route": [ { "kind": "zai", "weight": 1 } ] } } }""", await CodeFixHarness.TextAsync(fixedProject, ProfilePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }
}

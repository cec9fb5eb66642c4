using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Catalog;

/// <summary>A models.dev catalog AdditionalFile feeds the profiles of declared and built-in providers: the whole output
/// against its baseline, the mapping (data, overridable per provider), profile files winning field by field, prices per
/// token, and the whole 687-model catalog compiling cleanly.</summary>
public sealed class CatalogGenerationTests
{
    private const string Baseline = "CatalogDeclaration";

    private const string Declaration = """
        using ModelRegistry;

        namespace Contoso.AI
        {
            [ModelProvider("deepseek", Kind = "openai-compatible", BaseUrl = "https://api.deepseek.com")]
            [ModelProvider("fw", Kind = "openai-compatible", BaseUrl = "https://api.fireworks.ai/inference/v1", Catalog = "fireworks-ai")]
            [ModelProvider("fireworks", Kind = "openai-compatible", Catalog = "")]
            internal static partial class Models { }
        }
        """;

    private const string DeepseekProfilesPath = "/app/profiles/deepseek.json";

    /// <summary>Hand-written values for a catalog model: the file's own values win, the catalog fills in the rest.</summary>
    private const string DeepseekProfiles = """
        {
          "provider": "deepseek",
          "models": {
            "deepseek-chat": { "max_output_tokens": 4096, "aliases": ["chat"], "pricing": { "prompt": "0.0000003" } }
          }
        }
        """;

    [Fact]
    public async Task The_trimmed_catalog_generates_its_baseline()
    {
        GeneratorRun run = Run(Declaration, (DeepseekProfilesPath, DeepseekProfiles), (CatalogFiles.Path, CatalogFiles.Trimmed));
        if (Environment.GetEnvironmentVariable(BaselineFiles.UpdateVariable) == "1")
        {
            foreach (GeneratedSourceResult source in run.GeneratedSources)
            {
                BaselineFiles.AssertMatches(Baseline, source.HintName, source.SourceText.ToString());
            }

            return;
        }

        Assert.Equal(["Contoso.AI.Models.g.cs"], BaselineFiles.HintNames(Baseline));
        var test = new RegistryGeneratorTest();
        test.TestState.Sources.Add((TestCompilations.SourcePath, Declaration));
        test.TestState.AdditionalFiles.Add((DeepseekProfilesPath, DeepseekProfiles));
        test.TestState.AdditionalFiles.Add((CatalogFiles.Path, CatalogFiles.Trimmed));
        test.TestState.GeneratedSources.Add((typeof(RegistryGenerator), "Contoso.AI.Models.g.cs",
            SourceText.From(BaselineFiles.Expected(Baseline, "Contoso.AI.Models.g.cs"), Encoding.UTF8)));

        // Exactly the baseline file, equal to it, and the result compiles without an error or a warning.
        await test.RunAsync();
    }

    [Fact]
    public void Catalog_models_load_through_typed_ids_with_their_catalog_profile()
    {
        GeneratorRun run = Run(Declaration, (CatalogFiles.Path, CatalogFiles.Trimmed));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Contoso.AI.Models"));

        var reasoner = (ChatModelId)InMemoryAssembly.GetStatic(api.Nested("Deepseek"), "DeepseekReasoner")!;
        Assert.Equal(new ChatModelId("deepseek", "deepseek-reasoner"), reasoner);
        ModelProfile profile = Profile(api, "deepseek", "deepseek-reasoner")!;
        Assert.Equal("DeepSeek Reasoner", profile.Name);
        Assert.Equal(128000, profile.MaxInputTokens);
        Assert.Equal(128000, profile.MaxOutputTokens);
        Assert.True(profile.ReasoningOutput);
        Assert.True(profile.ToolCalling);
        Assert.True(profile.TextInputs);
        Assert.False(profile.ImageInputs);
        Assert.Equal("2025-01-20", profile.ReleaseDate);

        // models.dev: USD 0.57 / 1.68 / 0.07 per million tokens; ModelPricing is per token.
        Assert.Equal(0.00000057m, profile.Pricing!.Prompt);
        Assert.Equal(0.00000168m, profile.Pricing.Completion);
        Assert.Equal(0.00000007m, profile.Pricing.InputCacheRead);
        Assert.Null(profile.Pricing.InputCacheWrite);
    }

    [Fact]
    public void The_mapping_is_data_and_each_provider_can_override_it()
    {
        GeneratorRun run = Run(Declaration, (CatalogFiles.Path, CatalogFiles.Trimmed));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Contoso.AI.Models"));

        // Built-in together → togetherai (the built-in table's "catalog"), a user provider by its Catalog = property,
        // and Catalog = "" opts a provider out (the user's fireworks, which would otherwise take fireworks-ai).
        Assert.NotNull(Profile(api, "together", "deepseek-ai/DeepSeek-R1"));
        Assert.NotNull(Profile(api, "fw", "accounts/fireworks/models/kimi-k2-instruct"));
        Assert.Null(Profile(api, "fireworks", "accounts/fireworks/models/kimi-k2-instruct"));

        // anthropic is no registry provider: its models go nowhere.
        Assert.DoesNotContain(api.Providers, p => p.Models.Contains("claude-3-7-sonnet-20250219"));
        Assert.Equal(["deepseek-ai/DeepSeek-R1", "moonshotai/Kimi-K2-Instruct"], Provider(api, "together").Models.ToArray());
    }

    [Fact]
    public void A_profile_files_own_values_win_field_by_field()
    {
        GeneratorRun run = Run(Declaration, (DeepseekProfilesPath, DeepseekProfiles), (CatalogFiles.Path, CatalogFiles.Trimmed));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Contoso.AI.Models"));

        ModelProfile chat = Profile(api, "deepseek", "chat")!;
        Assert.Equal("deepseek-chat", chat.Model);
        Assert.Equal(4096, chat.MaxOutputTokens);               // the file's
        Assert.Equal(128000, chat.MaxInputTokens);              // the catalog's
        Assert.Equal("DeepSeek Chat", chat.Name);               // the catalog's
        Assert.Equal(0.0000003m, chat.Pricing!.Prompt);         // the file's price
        Assert.Equal(0.00000168m, chat.Pricing.Completion);     // the catalog's price
    }

    [Fact]
    public void A_data_file_provider_names_its_catalog_with_a_catalog_key()
    {
        const string providers = """{ "providers": [ { "name": "tg", "base_url": "https://api.together.xyz/v1", "catalog": "togetherai" } ] }""";
        GeneratorRun run = Run("[ModelRegistry.ModelProvider(\"local\", Kind = \"openai-compatible\")] internal static partial class Models { }",
            ("/app/profiles/providers.json", providers), (CatalogFiles.Path, CatalogFiles.Trimmed));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Models"));
        Assert.Equal(["deepseek-ai/DeepSeek-R1", "moonshotai/Kimi-K2-Instruct"], Provider(api, "tg").Models.ToArray());
    }

    [Fact]
    public void The_whole_catalog_compiles_cleanly_with_a_typed_id_per_mapped_model()
    {
        GeneratorRun run = Run("[ModelRegistry.ModelProvider(\"local\", Kind = \"openai-compatible\", BaseUrl = \"http://localhost:1234/v1\")] internal static partial class Models { }",
            (CatalogFiles.Path, CatalogFiles.Whole));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));

        // Every model of the catalog providers the built-ins map to is profiled (ids are unique per provider in models.dev).
        using JsonDocument catalog = JsonDocument.Parse(CatalogFiles.Whole);
        string[] mapped = ["openai", "deepseek", "openrouter", "togetherai", "groq", "mistral", "fireworks-ai", "xai", "perplexity", "google"];
        int expected = mapped.Sum(p => catalog.RootElement.GetProperty(p).GetProperty("models").EnumerateObject().Count());
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Models"));
        Assert.Equal(expected, api.Providers.Sum(p => p.Models.IsDefault ? 0 : p.Models.Length));
        Assert.NotNull(Profile(api, "openrouter", "anthropic/claude-sonnet-4"));
        Assert.NotNull(Profile(api, "gemini", "gemini-2.5-pro"));
    }

    private static ModelProfile? Profile(GeneratedRegistryApi api, string provider, string model) =>
        api.TryGetProfile(provider, model, out ModelProfile profile) ? profile : null;

    private static ProviderInfo Provider(GeneratedRegistryApi api, string name) =>
        api.TryGetProvider(name, out ProviderInfo provider) ? provider : throw new InvalidOperationException($"No provider {name}.");

    internal static GeneratorRun Run(string declaration, params (string Path, string Json)[] files) =>
        GeneratorHarness.Run([declaration], files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Json)).ToArray());
}

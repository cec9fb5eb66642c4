using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Analyzers;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.BuiltIns;

/// <summary>The embedded built-in provider table: valid by the same rules as a user's data file, the same bytes in both
/// compiler assemblies, and merged so that a user declaration of a built-in name wins.</summary>
public sealed class BuiltInTableTests
{
    /// <summary>DESIGN.md's list of built-ins.</summary>
    private static readonly string[] DesignedNames =
    [
        "openai", "azure-openai", "deepseek", "openrouter", "together", "groq", "mistral", "fireworks", "xai", "perplexity",
        "gemini", "ollama", "lmstudio", "vllm", "llamacpp", "openai-compatible",
    ];

    private static readonly RegistryClassSpec Class = new("App", "Models", ImmutableEquatableArray<string>.Empty, "App.Models.g.cs");

    [Fact]
    public void The_embedded_table_parses_without_diagnostics()
    {
        SourceText? text = BuiltInProviders.ReadResource();
        Assert.NotNull(text);
        var sink = new DiagnosticSink();

        ImmutableEquatableArray<ProviderSpec> providers = BuiltInProviders.Parse(text, sink);

        Assert.Empty(sink.Diagnostics);
        Assert.Equal(DesignedNames.Order(StringComparer.Ordinal), providers.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(providers, p => Assert.Equal(ProviderOrigin.BuiltIn, p.Origin));
        Assert.Equal(providers, BuiltInProviders.All);
    }

    [Fact]
    public void The_analyzers_embed_the_same_table()
    {
        using Stream generatorTable = typeof(RegistryGenerator).Assembly.GetManifestResourceStream(BuiltInProviders.ResourceName)!;
        using Stream? analyzerTable = typeof(RegistryAnalyzer).Assembly.GetManifestResourceStream(BuiltInProviders.ResourceName);
        Assert.NotNull(analyzerTable);
        Assert.Equal(ReadAll(generatorTable), ReadAll(analyzerTable));
    }

    [Fact]
    public void An_empty_declaration_still_has_every_built_in_with_its_own_nested_class()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = RegistryBuilder.Build(
            new RegistryDeclarationSpec(Class, ImmutableEquatableArray<ProviderSpec>.Empty), [], BuiltInProviders.All, observer.Sink, null, CancellationToken.None);

        Assert.Empty(observer.Events);
        Assert.Equal(DesignedNames.Order(StringComparer.Ordinal), registry.Providers.Select(p => p.Declaration.Name));
        Assert.Contains(registry.Providers, p => p.Declaration.Name == "openai-compatible" && p.Identifier == "OpenaiCompatible");
        Assert.All(registry.Providers, p => Assert.NotEqual("", p.Identifier));
    }

    [Fact]
    public void A_user_declaration_of_a_built_in_name_replaces_it_without_being_a_duplicate()
    {
        var observer = new DropRecorder();
        ProviderSpec mine = Declared("OpenAI", "https://proxy.example/v1");
        RegistrySpec registry = RegistryBuilder.Build(
            new RegistryDeclarationSpec(Class, new[] { mine }.ToImmutableEquatableArray()), [], BuiltInProviders.All, observer.Sink, null, CancellationToken.None);

        Assert.Empty(observer.Events);
        ResolvedProviderSpec openai = Assert.Single(registry.Providers, p => string.Equals(p.Declaration.Name, "openai", StringComparison.OrdinalIgnoreCase));
        Assert.Same(mine, openai.Declaration);
        Assert.Equal(DesignedNames.Length, registry.Providers.Count);
    }

    [Fact]
    public void A_user_provider_whose_identifier_matches_a_built_in_keeps_it()
    {
        var observer = new DropRecorder();
        RegistrySpec registry = RegistryBuilder.Build(
            new RegistryDeclarationSpec(Class, new[] { Declared("azure_openai", null) }.ToImmutableEquatableArray()), [], BuiltInProviders.All, observer.Sink, null, CancellationToken.None);

        Assert.Equal("AzureOpenai", registry.Providers.Single(p => p.Declaration.Name == "azure_openai").Identifier);
        Assert.Equal("", registry.Providers.Single(p => p.Declaration.Name == "azure-openai").Identifier);
        // The built-in loses its nested class (above) but still loads by name: no MR0012, nothing in the user's code is wrong.
        Assert.Empty(observer.Events);
    }

    [Fact]
    public void A_route_to_an_undeclared_built_in_is_kept()
    {
        var observer = new DropRecorder();
        ProfileFileSpec file = observer.File(
            "/app/profiles/vllm.json",
            """{ "provider": "vllm", "models": { "m": { "routes": [ { "provider": "OpenRouter" }, { "provider": "vllm" }, { "provider": "nowhere" } ] } } }""");

        RegistrySpec registry = RegistryBuilder.Build(
            new RegistryDeclarationSpec(Class, new[] { Declared("vllm", null) }.ToImmutableEquatableArray()), [file], BuiltInProviders.All, observer.Sink, null, CancellationToken.None);

        ResolvedModelSpec model = Assert.Single(registry.Providers.Single(p => p.Declaration.Name == "vllm").Models);
        Assert.Equal(["OpenRouter", "vllm"], model.Model.Routes!.Select(r => r.Provider));
        Assert.Equal(["route nowhere"], observer.Events);
    }

    [Fact]
    public void The_generated_registry_routes_to_an_undeclared_built_in()
    {
        GeneratorRun run = GeneratorHarness.Run(
            ["""[ModelRegistry.ModelProvider("mine", Kind = "openai-compatible")] internal static partial class Models { }"""],
            new InMemoryAdditionalText("/app/profiles/mine.json", """{ "provider": "mine", "models": { "m": { "routes": [ { "provider": "openrouter", "provider_model_id": "qwen/qwen3-4b" } ] } } }"""));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
        string source = Assert.Single(run.GeneratedSources).SourceText.ToString();
        Assert.Contains("Provider = \"openrouter\",", source, StringComparison.Ordinal);
        Assert.Contains("ProviderModelId = \"qwen/qwen3-4b\",", source, StringComparison.Ordinal);
        // The routed load itself is the runtime's (GeneratedRegistry); the registry hands it the model's profile.
        Assert.Contains("FindProfile(int provider,", source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_registry_of_an_empty_declaration_compiles_with_the_built_ins()
    {
        GeneratorRun run = GeneratorHarness.Run(
            ["""[ModelRegistry.ModelProvider("mine", Kind = "openai-compatible")] internal static partial class Models { internal static object Check() => Models.Openai.Info; }"""]);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
        string source = Assert.Single(run.GeneratedSources).SourceText.ToString();
        Assert.Contains("GeneratedRegistrySupport.BuiltIn(\"openai\")", source, StringComparison.Ordinal);
        Assert.Contains("public static partial class AzureOpenai", source, StringComparison.Ordinal);
    }

    private static ProviderSpec Declared(string name, string? baseUrl) =>
        new(name, "openai-compatible", null, baseUrl, ImmutableEquatableArray<HeaderSpec>.Empty, CompatibilitySpec.Unset,
            null, ProviderOrigin.Attribute, false, "Bearer", null);

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Catalog;

/// <summary>MR0028: a constant id that loads a model whose profile (from a models.dev catalog or a profile file) has
/// <c>status: deprecated</c>; and MR0016 knowing the catalog's models.</summary>
public sealed class DeprecatedModelRuleTests
{
    /// <summary>The trimmed catalog with deepseek-chat marked deprecated, as models.dev marks retired models (no model of
    /// the snapshot carries a status, so the test adds one).</summary>
    private static string CatalogWithDeprecation => CatalogFiles.Trimmed.Replace(
        "\"name\": \"DeepSeek Chat\",", "\"name\": \"DeepSeek Chat\",\n   \"status\": \"deprecated\",", StringComparison.Ordinal);

    private static string Calls(string body) => $$"""
        using System;
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
        public static partial class Models { }
        public static class Calls
        {
            public static void Run()
            {
                {{body}}
            }
        }
        """;

    private static Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> Verify(string body, params (string Path, string Json)[] extra) =>
        VerifyAsync(Calls(body), [(CatalogFiles.Path, CatalogWithDeprecation), .. extra]);

    [Fact]
    public async Task Bad_a_literal_loading_a_deprecated_catalog_model_is_a_warning()
    {
        System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics = await Verify("""
            Models.LoadChatModel({|MR0028:"deepseek:deepseek-chat"|});
            Models.LoadChatModel({|MR0028:"deepseek-chat"|}, "deepseek");
            Models.LoadChatModel(new ChatModelId("deepseek", {|MR0028:"DEEPSEEK-CHAT"|}));
            Models.Deepseek.LoadChatModel({|MR0028:"deepseek-chat"|});
            """);
        Diagnostic diagnostic = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First();
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Model 'deepseek-chat' of provider 'deepseek' is deprecated", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task Fixed_a_current_model_of_the_catalog_is_not_reported() =>
        Verify("""
            Models.LoadChatModel("deepseek:deepseek-reasoner");
            Models.LoadChatModel(Models.Deepseek.DeepseekReasoner);
            Models.LoadChatModel("together:moonshotai/Kimi-K2-Instruct");
            """);

    [Fact]
    public async Task An_alias_of_a_deprecated_model_written_in_a_profile_file_is_reported_with_the_model()
    {
        const string profile = """{ "provider": "vllm", "models": { "qwen2-7b": { "status": "deprecated", "aliases": ["qwen2"] }, "qwen3-8b": {} } }""";
        Diagnostic diagnostic = Assert.Single(await Verify("""
            Models.LoadChatModel({|MR0028:"vllm:qwen2"|});
            Models.LoadChatModel("vllm:qwen3-8b");
            """, ("/app/profiles/vllm.json", profile)));
        Assert.Contains("as 'qwen2-7b' whose alias it is", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task MR0016_knows_the_catalog_models_of_a_built_in_provider() =>
        Verify("""
            Models.LoadChatModel("deepseek:deepseek-reasoner");
            Models.LoadChatModel("fireworks:accounts/fireworks/models/deepseek-r1-0528");
            Models.LoadChatModel({|MR0016:"deepseek:deepseek-reasonr"|});
            """);
}

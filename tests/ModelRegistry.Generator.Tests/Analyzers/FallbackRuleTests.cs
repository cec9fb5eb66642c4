using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelRegistry.Generator.Tests.Infrastructure;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0023 (a fallback naming no model, or closing a cycle), and what the generator emits for <c>fallbacks</c>,
/// a route's <c>api_keys</c> and its <c>max_input_tokens</c>.</summary>
public sealed class FallbackRuleTests
{
    /// <summary>Two declared providers, <c>local</c> and <c>cloud</c>.</summary>
    internal const string Registry = """
        using ModelRegistry;
        /// <summary>The registry.</summary>
        [ModelProvider("local", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
        [ModelProvider("cloud", Kind = "openai-compatible", BaseUrl = "https://api.example.org/v1")]
        public static partial class Models { }
        """;

    [Fact]
    public async Task Unknown_models_undeclared_providers_the_model_itself_and_repeats_are_errors_at_the_entry()
    {
        ImmutableArray<Diagnostic> diagnostics = await VerifyAsync(Registry,
            ("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "assistant": { "fallbacks": [{|MR0023:"cloud:big-3"|}, {|MR0023:"clod:big-2"|}, {|MR0023:"assistant"|}, "cloud:big-2", {|MR0023:"cloud:big"|}] }
                } }
                """),
            ("/app/profiles/cloud.json", """{ "provider": "cloud", "models": { "big-2": { "aliases": ["big"] } } }"""));

        string[] messages = diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToArray();
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Contains("Fallback 'cloud:big-3' of model 'assistant' names no model of provider 'cloud'. It is ignored: use a model id or alias of its profiles (big, big-2).", messages);
        Assert.Contains(messages, m => m.StartsWith("Fallback 'clod:big-2' of model 'assistant' names the undeclared provider 'clod'.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Fallback 'assistant' of model 'assistant' is the model itself.", StringComparison.Ordinal));
        // 'big' is an alias of big-2, which the list already names.
        Assert.Contains(messages, m => m.StartsWith("Fallback 'cloud:big' of model 'assistant' is named twice.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cycle_across_files_is_reported_at_the_fallback_that_closes_it()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Registry,
            ("/app/profiles/cloud.json", """{ "provider": "cloud", "models": { "big-2": { "fallbacks": [{|MR0023:"local:assistant"|}] } } }"""),
            ("/app/profiles/local.json", """{ "provider": "local", "models": { "assistant": { "fallbacks": ["backup"] }, "backup": { "fallbacks": ["cloud:big-2"] } } }""")));

        Assert.Equal(
            "Fallback 'local:assistant' of model 'big-2' leads back to a model on its own chain (local:assistant -> local:backup -> cloud:big-2 -> local:assistant). It is ignored: remove one fallback of the cycle.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task The_fixed_profiles_report_nothing_and_a_provider_without_profiles_takes_any_model() =>
        VerifyAsync(Registry,
            ("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "assistant": { "fallbacks": ["backup", "cloud:big", "openai:gpt-4o-mini"] },
                  "backup": { "fallbacks": ["cloud:big-2"] }
                } }
                """),
            ("/app/profiles/cloud.json", """{ "provider": "cloud", "models": { "big-2": { "aliases": ["big"] } } }"""));

    [Fact]
    public Task A_malformed_fallback_id_and_a_literal_key_in_api_keys_are_reported_where_they_are_written() =>
        VerifyAsync(Registry,
            ("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "assistant": {
                    "fallbacks": [{|MR0004:"cloud:"|}],
                    "routes": [{ "provider": "cloud", "api_keys": ["${CLOUD_KEY_1}", {|MR0013:"sk-live-123"|}], "max_input_tokens": {|MR0004:0|} }]
                  }
                } }
                """));

    [Fact]
    public void The_generator_emits_canonical_fallbacks_and_each_routes_keys_and_window_and_drops_what_is_invalid()
    {
        GeneratorRun run = GeneratorHarness.Run([Registry],
            new InMemoryAdditionalText("/app/profiles/local.json", """
                { "provider": "local", "models": {
                  "assistant": {
                    "fallbacks": ["backup", "cloud:big", "cloud:nothing"],
                    "routes": [{ "provider": "cloud", "api_keys": ["${CLOUD_KEY_1}", "${CLOUD_KEY_2}"], "max_input_tokens": 8192 }]
                  },
                  "backup": { "fallbacks": ["assistant"] }
                } }
                """),
            new InMemoryAdditionalText("/app/profiles/cloud.json", """{ "provider": "cloud", "models": { "big-2": { "aliases": ["big"] } } }"""));

        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Models"));
        Assert.True(api.TryGetProfile("local", "assistant", out ModelProfile assistant));
        // The alias became the model it names; the unknown model was dropped.
        Assert.Equal(new[] { "local:backup", "cloud:big-2" }, assistant.Fallbacks.ToArray());
        ModelRoute route = Assert.Single(assistant.Routes);
        Assert.Equal(new[] { "${CLOUD_KEY_1}", "${CLOUD_KEY_2}" }, route.ApiKeys.ToArray());
        Assert.Equal(8192, route.MaxInputTokens);

        // backup -> assistant closes the cycle assistant -> backup -> assistant: that fallback is dropped.
        Assert.True(api.TryGetProfile("local", "backup", out ModelProfile backup));
        Assert.Empty(backup.Fallbacks);
    }
}

using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>MR0021 (a Profiles path naming no AdditionalFile) and MR0022 (a profile file no provider claims).</summary>
public sealed class ProfilesRuleTests
{
    private static string Registry(string attributes) => "using ModelRegistry;\n" + attributes + "\npublic static partial class Models { }\n";

    // MR0021
    [Fact]
    public async Task A_profiles_path_that_names_no_file_is_an_error_at_the_path()
    {
        // The file the path meant to name is, in turn, claimed by no provider.
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(
            Registry("""[ModelProvider("vllm", Kind = "openai-compatible", Profiles = {|MR0021:"profiles/vlm.json"|})]"""),
            ("/app/profiles/vllm.json", """{|MR0022:|}{ "qwen3-4b": {} }""")), d => d.Id == "MR0021");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Profiles path 'profiles/vlm.json' of provider 'vllm' names no JSON AdditionalFile (did you mean 'profiles/vllm.json'?). Correct the path, or add the file to the project as <AdditionalFiles Include=\"profiles/vlm.json\" />.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Paths_that_name_a_file_anywhere_in_the_project_are_not_reported() =>
        VerifyAsync(
            Registry("""
                [ModelProvider("vllm", Kind = "openai-compatible", Profiles = "./config/Models.JSON")]
                [ModelProvider("box", Kind = "openai-compatible", Profiles = "profiles\\box.json")]
                """),
            ("/app/config/models.json", """{ "qwen3-4b": {} }"""),
            ("C:\\app\\profiles\\box.json", """{ "m": {} }"""));

    // MR0022
    [Fact]
    public async Task A_model_map_no_provider_claims_is_a_warning_at_the_start_of_the_file()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(
            Registry("""[ModelProvider("vllm", Kind = "openai-compatible")]"""),
            ("/app/profiles/qwen.json", """{|MR0022:|}{ "qwen3-4b": { "max_input_tokens": 32768 } }""")));

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("Profile file 'profiles/qwen.json' has no 'provider' key", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task A_wrapped_file_without_provider_and_unclaimed_is_reported() =>
        VerifyAsync(
            Registry("""[ModelProvider("vllm", Kind = "openai-compatible")]"""),
            ("/app/data/extra.json", """{|MR0022:|}{ "models": { "qwen3-4b": {} } }"""));

    [Fact]
    public Task Claimed_files_provider_files_data_files_empty_maps_and_other_json_are_not_reported() =>
        VerifyAsync(
            Registry("""[ModelProvider("vllm", Kind = "openai-compatible", Profiles = "profiles/vllm.json")]"""),
            ("/app/profiles/vllm.json", """{ "qwen3-4b": {} }"""),
            ("/app/profiles/own.json", """{ "provider": "vllm", "models": { "qwen3-8b": {} } }"""),
            ("/app/profiles/data.json", """{ "providers": [ { "name": "box", "kind": "openai-compatible" } ] }"""),
            ("/app/profiles/empty.json", """{ }"""),
            ("/app/appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }"""));

    [Fact]
    public Task Without_a_registry_class_nothing_is_reported() =>
        VerifyAsync("public static class Plain { }", ("/app/profiles/qwen.json", """{ "qwen3-4b": {} }"""));
}

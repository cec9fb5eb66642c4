using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using ModelRegistry.CodeFixes;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0001, MR0002 and MR0005 fixes, in C# and in JSON AdditionalFiles: before, after, compiled again, and the
/// diagnostic gone.</summary>
public sealed class StringValueFixTests
{
    private const string ProfilePath = "/src/profiles/vllm.json";

    private static string Registry(string attribute) => "using ModelRegistry;\n" + attribute + "\npublic static partial class Models { }\n";

    [Fact]
    public async Task Provider_name_in_CSharp_gets_dashes_for_invalid_characters()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm:local box", Kind = "openai-compatible")]"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ProviderNameCodeFixProvider(), "MR0001");

        Assert.Equal(Registry("""[ModelProvider("vllm-local-box", Kind = "openai-compatible")]"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.DoesNotContain(await CodeFixHarness.AnalyzeAsync(fixedProject), d => d.Id == "MR0001");
    }

    [Fact]
    public async Task Provider_name_in_json_is_fixed_in_the_additional_file()
    {
        const string Before = """
            {
              "providers": [ { "name": "open router", "kind": "openai-compatible" } ]
            }
            """;
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm", Kind = "openai-compatible")]"""), (ProfilePath, Before));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ProviderNameCodeFixProvider(), "MR0001");

        Assert.Equal(Before.Replace("open router", "open-router", StringComparison.Ordinal), await CodeFixHarness.TextAsync(fixedProject, ProfilePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.DoesNotContain(await CodeFixHarness.AnalyzeAsync(fixedProject), d => d.Id == "MR0001");
    }

    [Fact]
    public async Task Compatibility_value_in_CSharp_becomes_the_closest_valid_value()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "requried"])]"""));

        (Diagnostic _, IReadOnlyList<CodeAction> actions) = await CodeFixHarness.GetFixesAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");
        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal("Change to 'required'", Assert.Single(actions).Title);
        Assert.Equal(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "required"])]"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task Compatibility_value_in_json_becomes_the_closest_valid_value()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm", Kind = "openai-compatible")]"""),
            (ProfilePath, """{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json-schema"] } }"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal("""{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json_schema"] } }""", await CodeFixHarness.TextAsync(fixedProject, ProfilePath));
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task Unknown_profile_key_becomes_the_closest_known_key()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm", Kind = "openai-compatible")]"""),
            (ProfilePath, """{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokns": 32768 } } }"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ProfileKeyCodeFixProvider(), "MR0005");

        Assert.Equal("""{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokens": 32768 } } }""", await CodeFixHarness.TextAsync(fixedProject, ProfilePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task No_fix_is_offered_when_nothing_is_close_enough()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", ReasoningContentKeepType = "everything-forever")]"""),
            (ProfilePath, """{ "provider": "vllm", "models": { "qwen3-4b": { "completely_unrelated_field": 1 } } }"""));

        Assert.Empty((await CodeFixHarness.GetFixesAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002")).Actions);
        Assert.Empty((await CodeFixHarness.GetFixesAsync(project, new ProfileKeyCodeFixProvider(), "MR0005")).Actions);
    }

    [Fact]
    public async Task FixAll_fixes_every_compatibility_value_of_the_project()
    {
        Project project = CodeFixHarness.CreateProject(Registry("""
            [ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "requried", "non"], ReasoningContentKeepType = "tmp")]
            """));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal(Registry("""
            [ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "required", "none"], ReasoningContentKeepType = "temp")]
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ModelRegistry.CodeFixes;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>
/// Fix All of the MR0001, MR0002 and MR0005 fixes inside JSON AdditionalFiles: every problem of a file, and of every file
/// of the project, fixed in one action, the exact JSON afterwards, and the analyzer silent on the fixed project.
/// </summary>
public sealed class JsonFixAllTests
{
    private const string VllmPath = "/src/profiles/vllm.json";
    private const string OllamaPath = "/src/profiles/ollama.json";

    private const string Registry = """
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible")]
        [ModelProvider("ollama", Kind = "openai-compatible")]
        public static partial class Models { }
        """;

    [Fact]
    public async Task FixAll_fixes_two_compatibility_values_in_one_json_file()
    {
        Project project = CodeFixHarness.CreateProject(Registry,
            (VllmPath, """{ "provider": "vllm", "compatibility_options": { "supported_tool_choice": ["auto", "requried", "non"] } }"""));
        Assert.Equal(2, await CountAsync(project, "MR0002"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal("""{ "provider": "vllm", "compatibility_options": { "supported_tool_choice": ["auto", "required", "none"] } }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_fixes_compatibility_values_in_every_json_file_of_the_project()
    {
        Project project = CodeFixHarness.CreateProject(Registry,
            (VllmPath, """{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json-schema"] } }"""),
            (OllamaPath, """{ "provider": "ollama", "compatibility_options": { "supported_tool_choice": ["requried"] } }"""));
        Assert.Equal(2, await CountAsync(project, "MR0002"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal("""{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json_schema"] } }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        Assert.Equal("""{ "provider": "ollama", "compatibility_options": { "supported_tool_choice": ["required"] } }""", await CodeFixHarness.TextAsync(fixedProject, OllamaPath));
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_renames_two_profile_keys_in_one_json_file()
    {
        Project project = CodeFixHarness.CreateProject(Registry,
            (VllmPath, """{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokns": 32768, "max_output_tokns": 8192 } } }"""));
        Assert.Equal(2, await CountAsync(project, "MR0005"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new ProfileKeyCodeFixProvider(), "MR0005");

        Assert.Equal("""{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokens": 32768, "max_output_tokens": 8192 } } }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_renames_profile_keys_in_every_json_file_of_the_project()
    {
        Project project = CodeFixHarness.CreateProject(Registry,
            (VllmPath, """{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokns": 32768 } } }"""),
            (OllamaPath, """{ "provider": "ollama", "models": { "llama3": { "max_output_tokns": 4096 } } }"""));
        Assert.Equal(2, await CountAsync(project, "MR0005"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new ProfileKeyCodeFixProvider(), "MR0005");

        Assert.Equal("""{ "provider": "vllm", "models": { "qwen3-4b": { "max_input_tokens": 32768 } } }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        Assert.Equal("""{ "provider": "ollama", "models": { "llama3": { "max_output_tokens": 4096 } } }""", await CodeFixHarness.TextAsync(fixedProject, OllamaPath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_over_the_solution_fixes_provider_names_in_every_json_file()
    {
        const string Before = """{ "providers": [ { "name": "open router", "kind": "openai-compatible" }, { "name": "local:box", "kind": "openai-compatible" } ] }""";
        Project project = CodeFixHarness.CreateProject(Registry, (VllmPath, Before));
        Assert.Equal(2, await CountAsync(project, "MR0001"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new ProviderNameCodeFixProvider(), "MR0001", FixAllScope.Solution);

        Assert.Equal("""{ "providers": [ { "name": "open-router", "kind": "openai-compatible" }, { "name": "local-box", "kind": "openai-compatible" } ] }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        Assert.DoesNotContain(await CodeFixHarness.AnalyzeAsync(fixedProject), d => d.Id == "MR0001");
    }

    [Fact]
    public async Task FixAll_fixes_CSharp_and_json_together()
    {
        const string Declared = """
            using ModelRegistry;
            [ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", "requried"])]
            public static partial class Models { }
            """;
        Project project = CodeFixHarness.CreateProject(Declared,
            (VllmPath, """{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json-schema"] } }"""));
        Assert.Equal(2, await CountAsync(project, "MR0002"));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new CompatibilityValueCodeFixProvider(), "MR0002");

        Assert.Equal(Declared.Replace("requried", "required", StringComparison.Ordinal), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        Assert.Equal("""{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json_schema"] } }""", await CodeFixHarness.TextAsync(fixedProject, VllmPath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    private static async Task<int> CountAsync(Project project, string id) =>
        (await CodeFixHarness.AnalyzeAsync(project)).Count(d => d.Id == id);
}

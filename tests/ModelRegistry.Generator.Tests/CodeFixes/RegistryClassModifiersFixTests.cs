using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0019/MR0020 fixes: the missing <c>partial</c> and <c>static</c>, in their conventional places.</summary>
public sealed class RegistryClassModifiersFixTests
{
    private const string Attribute = """[ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible")]""";

    [Fact]
    public async Task Both_missing_modifiers_are_added()
    {
        Project project = CodeFixHarness.CreateProject(Attribute + "\npublic class Models\n{\n}\n");

        project = await CodeFixHarness.ApplyFixAsync(project, new RegistryClassModifiersCodeFixProvider(), "MR0019");
        project = await CodeFixHarness.ApplyFixAsync(project, new RegistryClassModifiersCodeFixProvider(), "MR0020");

        Assert.Equal(Attribute + "\npublic static partial class Models\n{\n}\n", await CodeFixHarness.TextAsync(project, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(project);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(project));
    }

    [Fact]
    public async Task FixAll_makes_every_containing_type_partial()
    {
        Project project = CodeFixHarness.CreateProject("internal class Outer\n{\n    internal class Middle\n    {\n        " + Attribute + "\n        internal static partial class Models { }\n    }\n}\n");

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new RegistryClassModifiersCodeFixProvider(), "MR0019");

        Assert.Equal("internal partial class Outer\n{\n    internal partial class Middle\n    {\n        " + Attribute + "\n        internal static partial class Models { }\n    }\n}\n",
            await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }
}

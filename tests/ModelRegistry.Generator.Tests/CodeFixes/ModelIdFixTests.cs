using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0015's fix: the closest declared provider in a <c>LoadChatModel</c> literal.</summary>
public sealed class ModelIdFixTests
{
    private static string Code(string body) => $$"""
        using Microsoft.Extensions.AI;
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
        [ModelProvider("openrouter", Kind = "openai-compatible")]
        public static partial class Models { }
        public static class Calls
        {
        {{body}}
        }
        """;

    [Fact]
    public async Task TheProviderBecomesTheClosestDeclaredOne()
    {
        Project project = CodeFixHarness.CreateProject(Code("""    public static IChatClient Load() => Models.LoadChatModel("vlm:qwen3-4b");"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""    public static IChatClient Load() => Models.LoadChatModel("vllm:qwen3-4b");"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task TheSeparateProviderArgumentIsReplacedAlone()
    {
        Project project = CodeFixHarness.CreateProject(Code("""    public static IChatClient Load() => Models.LoadChatModel("qwen3-4b", "OpenRoutr");"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""    public static IChatClient Load() => Models.LoadChatModel("qwen3-4b", "openrouter");"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
    }

    [Fact]
    public async Task FixAllFixesEveryCallOfTheProject()
    {
        Project project = CodeFixHarness.CreateProject(Code("""
                public static IChatClient A() => Models.LoadChatModel("vlm:qwen3-4b");
                public static IChatClient B() => Models.LoadChatModel("openroutr:x/y");
                public static IChatClient C() => Models.LoadChatModel(new ChatModelId("VLM", "m"));
            """));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""
                public static IChatClient A() => Models.LoadChatModel("vllm:qwen3-4b");
                public static IChatClient B() => Models.LoadChatModel("openrouter:x/y");
                public static IChatClient C() => Models.LoadChatModel(new ChatModelId("vllm", "m"));
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task NoFixForAConstantOrAProviderWithNothingClose()
    {
        Project project = CodeFixHarness.CreateProject(Code("""
                private const string Id = "vlm:qwen3-4b";
                public static IChatClient A() => Models.LoadChatModel(Id);
                public static IChatClient B() => Models.LoadChatModel("zzzzzzzzzzzz:m");
            """));

        Assert.Empty((await CodeFixHarness.GetFixesAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015", 0)).Actions);
        Assert.Empty((await CodeFixHarness.GetFixesAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015", 1)).Actions);
    }
}

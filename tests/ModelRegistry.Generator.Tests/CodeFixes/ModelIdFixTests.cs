using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0015's fix: the closest declared provider in a <c>LoadChatModel</c> literal or a keyed <c>IChatClient</c>'s key.</summary>
public sealed class ModelIdFixTests
{
    private static string Code(string body) => $$"""
        using System;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
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
    public async Task The_provider_becomes_the_closest_declared_one()
    {
        Project project = CodeFixHarness.CreateProject(Code("""    public static IChatClient Load() => Models.LoadChatModel("vlm:qwen3-4b");"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""    public static IChatClient Load() => Models.LoadChatModel("vllm:qwen3-4b");"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task The_separate_provider_argument_is_replaced_alone()
    {
        Project project = CodeFixHarness.CreateProject(Code("""    public static IChatClient Load() => Models.LoadChatModel("qwen3-4b", "OpenRoutr");"""));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""    public static IChatClient Load() => Models.LoadChatModel("qwen3-4b", "openrouter");"""), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
    }

    [Fact]
    public async Task FixAll_fixes_every_call_of_the_project()
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
    public async Task The_key_of_a_keyed_chat_client_becomes_the_closest_declared_provider()
    {
        Project project = CodeFixHarness.CreateProject(Code("""
                public static IChatClient Get(IServiceProvider services) => services.GetRequiredKeyedService<IChatClient>("vlm:qwen3-4b");
            """));

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""
                public static IChatClient Get(IServiceProvider services) => services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b");
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_fixes_keyed_services_and_registry_object_calls_too()
    {
        Project project = CodeFixHarness.CreateProject(Code("""
                public sealed class Consumer([FromKeyedServices("vlm:qwen3-4b")] IChatClient chat)
                {
                    public IChatClient Chat { get; } = chat;
                }
                public static IChatClient A(IServiceProvider services) => services.GetKeyedService<IChatClient>("openroutr:x/y")!;
                public static object? B(IKeyedServiceProvider services) => services.GetKeyedService(typeof(IChatClient), "VLM:m");
                public static IChatClient C() => Models.Registry.LoadChatModel("vlm:qwen3-4b");
            """));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new ModelIdProviderCodeFixProvider(), "MR0015");

        Assert.Equal(Code("""
                public sealed class Consumer([FromKeyedServices("vllm:qwen3-4b")] IChatClient chat)
                {
                    public IChatClient Chat { get; } = chat;
                }
                public static IChatClient A(IServiceProvider services) => services.GetKeyedService<IChatClient>("openrouter:x/y")!;
                public static object? B(IKeyedServiceProvider services) => services.GetKeyedService(typeof(IChatClient), "vllm:m");
                public static IChatClient C() => Models.Registry.LoadChatModel("vllm:qwen3-4b");
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task No_fix_for_a_constant_or_a_provider_with_nothing_close()
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

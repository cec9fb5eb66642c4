using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0024's fix: the factory method generated code calls, added to the factory type wherever it is declared.</summary>
public sealed class ChatClientFactoryFixTests
{
    private const string Registry = """
        using ModelRegistry;

        [ModelProvider("openai-sdk", ChatClientFactory = typeof(SdkClients))]
        public static partial class Models { }

        """;

    [Fact]
    public async Task The_method_is_added_and_the_declaration_then_builds_clean()
    {
        Project project = CodeFixHarness.CreateProject(Registry + "public static class SdkClients\n{\n}\n");

        Project fixedProject = await CodeFixHarness.ApplyFixAsync(project, new ChatClientFactoryCodeFixProvider(), "MR0024");

        string text = await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath);
        Assert.Contains("public static Microsoft.Extensions.AI.IChatClient Create(ChatModelConfiguration configuration) => new OpenAICompatibleChatClient(configuration)", text, StringComparison.Ordinal);
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task A_near_miss_gets_no_stub()
    {
        Project project = CodeFixHarness.CreateProject(Registry
            + "public class SdkClients\n{\n    public Microsoft.Extensions.AI.IChatClient Create(ChatModelConfiguration configuration) => throw new System.NotSupportedException();\n}\n");

        (Diagnostic diagnostic, IReadOnlyList<Microsoft.CodeAnalysis.CodeActions.CodeAction> actions) =
            await CodeFixHarness.GetFixesAsync(project, new ChatClientFactoryCodeFixProvider(), "MR0024");

        Assert.Contains("'Create' is not static", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(actions);
    }
}

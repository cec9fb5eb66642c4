using Microsoft.CodeAnalysis;
using ModelRegistry.CodeFixes;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.CodeFixes;

/// <summary>MR0027's fixes: MaxOutputTokens clamped to the profile's limit, a tool mode the provider accepts.</summary>
public sealed class RequestOptionFixTests
{
    private const string Profiles = """{ "provider": "vllm", "models": { "tiny": { "max_output_tokens": 4096 } } }""";

    private static string Code(string body) => $$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1", SupportedToolChoice = ["auto", "required"])]
        [ModelProvider("strict", Kind = "openai-compatible", BaseUrl = "http://localhost:8001/v1", SupportedToolChoice = ["none"])]
        public static partial class Models { }
        public static class Calls
        {
            public static async Task Run()
            {
                {{body}}
            }
        }
        """;

    private static async Task<Project> Fix(string body, int index = 0) =>
        await CodeFixHarness.ApplyFixAsync(CodeFixHarness.CreateProject(Code(body), ("/app/profiles/vllm.json", Profiles)), new RequestOptionCodeFixProvider(), "MR0027", index);

    [Fact]
    public async Task MaxOutputTokens_is_clamped_to_the_profile_limit()
    {
        Project fixedProject = await Fix("""await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 99999 });""");

        Assert.Equal(Code("""await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 4096 });"""),
            await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task RequireSpecific_becomes_RequireAny_where_required_is_accepted()
    {
        Project fixedProject = await Fix("""
            var options = new ChatOptions { ToolMode = ChatToolMode.RequireSpecific("lookup") };
                    await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", options);
            """);

        Assert.Equal(Code("""
            var options = new ChatOptions { ToolMode = ChatToolMode.RequireAny };
                    await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", options);
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
        await CodeFixHarness.AssertCompilesAsync(fixedProject);
        Assert.Empty(await CodeFixHarness.AnalyzeAsync(fixedProject));
    }

    [Fact]
    public async Task FixAll_clamps_every_call_of_the_document()
    {
        Project project = CodeFixHarness.CreateProject(Code("""
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 5000 });
                    await Models.LoadChatModel("vllm:tiny").GetResponseAsync("y", new ChatOptions { MaxOutputTokens = 6000 });
            """), ("/app/profiles/vllm.json", Profiles));

        Project fixedProject = await CodeFixHarness.FixAllAsync(project, new RequestOptionCodeFixProvider(), "MR0027");

        Assert.Equal(Code("""
            await Models.LoadChatModel("vllm:tiny").GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 4096 });
                    await Models.LoadChatModel("vllm:tiny").GetResponseAsync("y", new ChatOptions { MaxOutputTokens = 4096 });
            """), await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
    }

    [Fact]
    public async Task A_provider_that_accepts_no_fallback_mode_gets_no_fix()
    {
        Project project = CodeFixHarness.CreateProject(Code("""await Models.LoadChatModel("strict:m").GetResponseAsync("x", new ChatOptions { ToolMode = Microsoft.Extensions.AI.ChatToolMode.RequireAny });"""));

        (Diagnostic diagnostic, IReadOnlyList<Microsoft.CodeAnalysis.CodeActions.CodeAction> actions) = await CodeFixHarness.GetFixesAsync(project, new RequestOptionCodeFixProvider(), "MR0027");

        Assert.Contains("remove ToolMode", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(actions);
    }

    [Fact]
    public async Task A_qualified_ChatToolMode_keeps_its_qualification()
    {
        Project fixedProject = await Fix("""await Models.LoadChatModel("vllm:m").GetResponseAsync("x", new ChatOptions { ToolMode = Microsoft.Extensions.AI.ChatToolMode.RequireSpecific("f") });""");

        Assert.Equal(Code("""await Models.LoadChatModel("vllm:m").GetResponseAsync("x", new ChatOptions { ToolMode = Microsoft.Extensions.AI.ChatToolMode.RequireAny });"""),
            await CodeFixHarness.TextAsync(fixedProject, CodeFixHarness.SourcePath));
    }
}

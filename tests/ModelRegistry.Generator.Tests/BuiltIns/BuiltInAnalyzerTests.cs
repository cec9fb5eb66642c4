using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.BuiltIns;

/// <summary>Built-in providers count as declared for every MR rule, and a user declaration of one is not a duplicate.</summary>
public sealed class BuiltInAnalyzerTests
{
    private const string Registry = """
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible")]
        public static partial class Models { }
        """;

    [Fact]
    public Task A_profile_file_for_a_built_in_needs_no_declaration() =>
        VerifyAsync(Registry, ("/app/profiles/openai.json", """{ "provider": "openai", "models": { "gpt-4o-mini": { "tool_calling": true } } }"""));

    [Fact]
    public Task Built_in_names_compare_ignoring_case() =>
        VerifyAsync(Registry, ("/app/profiles/deepseek.json", """{ "provider": "DeepSeek", "models": { "deepseek-chat": {} } }"""));

    [Fact]
    public Task A_route_to_a_built_in_is_declared() =>
        VerifyAsync(Registry, ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "m": { "routes": [ { "provider": "openrouter" }, { "provider": "vllm" } ] } } }
            """));

    [Fact]
    public Task A_route_from_one_undeclared_built_in_to_another_is_declared() =>
        VerifyAsync(Registry, ("/app/profiles/openai.json", """
            { "provider": "openai", "models": { "gpt-4o-mini": { "routes": [ { "provider": "OpenRouter", "provider_model_id": "openai/gpt-4o-mini" }, { "provider": "openai" } ] } } }
            """));

    [Fact]
    public Task A_user_declaration_of_a_built_in_is_not_a_duplicate() =>
        VerifyAsync("""
            using ModelRegistry;
            [ModelProvider("openai", Kind = "openai-compatible", BaseUrl = "https://proxy.example/v1")]
            [ModelProvider("vllm", Kind = "openai-compatible")]
            public static partial class Models { }
            """,
            ("/app/profiles/p.json", """{ "providers": [ { "name": "ollama", "base_url": "http://gpu-box:11434/v1" } ] }"""));

    [Fact]
    public Task A_user_declaration_of_a_built_in_still_counts_duplicates_among_user_declarations() =>
        VerifyAsync("""
            using ModelRegistry;
            [ModelProvider("openai", Kind = "openai-compatible")]
            [ModelProvider({|MR0008:"OpenAI"|}, Kind = "openai-compatible")]
            public static partial class Models { }
            """);

    [Fact]
    public Task A_user_provider_that_takes_the_identifier_of_a_built_in_is_not_reported() =>
        VerifyAsync("""
            using ModelRegistry;
            [ModelProvider("azure_openai", Kind = "openai-compatible")]
            public static partial class Models { }
            """);

    [Fact]
    public async Task An_undeclared_provider_suggests_the_closest_built_in()
    {
        var diagnostics = await VerifyAsync(Registry, ("/app/profiles/x.json", """{ "provider": {|MR0007:"deepseak"|}, "models": { "m": {} } }"""));
        Assert.Contains("'deepseek'", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }
}

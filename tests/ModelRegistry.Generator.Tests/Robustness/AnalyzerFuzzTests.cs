using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Robustness;

/// <summary>A few hundred mutated declarations and profile files through the full analyzer: never an AD0001.</summary>
public sealed class AnalyzerFuzzTests
{
    private const string Declaration = """
        using ModelRegistry;
        public sealed class Local : Microsoft.Extensions.AI.IChatClient
        {
            public Local(string model, string? endpoint) { }
            public System.Threading.Tasks.Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(System.Collections.Generic.IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public System.Collections.Generic.IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(System.Collections.Generic.IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public object? GetService(System.Type serviceType, object? serviceKey = null) => null;
            public void Dispose() { }
        }
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1", SupportedToolChoice = ["auto", "required"],
            SupportedResponseFormat = new[] { "json_schema" }, ReasoningContentKeepType = "temp", Profiles = "profiles/vllm.json", IncludeUsage = false)]
        [ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1",
            Headers = ["HTTP-Referer: https://example.org", "X-Title: ${APP_TITLE}"], MaxTokensField = "max_tokens", ReasoningTag = "think")]
        [ModelProvider("local", ChatClient = typeof(Local), BaseUrl = "http://127.0.0.1:9000")]
        public static partial class Models { }
        """;

    private static readonly string[] CSharpFragments =
    {
        "\"vllm:x\"", "\"\"", "\"VLLM\"", "typeof(Local)", "typeof(string)", "typeof(Missing)", "null", "new string[] { null }", "[]", "Kind = \"x\", ",
        "ChatClient = typeof(Models), ", "[ModelProvider(\"a\")]", "[ModelProvider(\"b\", Kind = \"openai-compatible\")]", "Headers = [\"Authorization: x\"], ",
        "\"json-schema\"", "\"ftp://x\"", "partial ", "static ", "class ", "<T>", "\"${A}\"", ")", "(", "]", "[", ",", "=",
    };

    [Fact]
    public async Task Mutated_declarations_and_profiles_never_crash_the_analyzer()
    {
        var mutator = new InputMutator(seed: 6);
        int attributeStart = Declaration.IndexOf("[ModelProvider", StringComparison.Ordinal);
        int reported = 0;
        for (int i = 0; i < 300; i++)
        {
            // Mutate only the declaration part most of the time, so that most inputs still reach the parsers.
            string tail = Declaration.Substring(attributeStart);
            string csharp = Declaration.Substring(0, attributeStart) + (i % 5 == 0 ? mutator.Mutate(tail) : mutator.Mutate(tail, CSharpFragments));
            string json = mutator.Mutate(mutator.Pick(ProfileParserFuzzTests.Seeds));

            AnalyzerHarness.AnalyzerRun run = await AnalyzerHarness.RunAsync(csharp, ("/app/profiles/vllm.json", json), ("/app/profiles/other.json", ProfileParserFuzzTests.Seeds[i % 4]));

            Assert.True(run.Exceptions.Count == 0, $"Input {i} threw: {string.Join("\n", run.Exceptions)}\n{csharp}\n{json}");
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "AD0001");
            reported += run.Diagnostics.Length > 0 ? 1 : 0;
        }

        Assert.InRange(reported, 30, 300);
    }
}

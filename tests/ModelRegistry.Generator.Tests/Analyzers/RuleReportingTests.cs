using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>Per MR rule: a case that reports (ID, severity, exact span in C# or inside JSON) and cases that must not.</summary>
public sealed class RuleReportingTests
{
    private const string Usings = "using ModelRegistry;\n";

    private const string ClientTypes = """
        public abstract class ChatClientBase : Microsoft.Extensions.AI.IChatClient
        {
            public System.Threading.Tasks.Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(System.Collections.Generic.IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public System.Collections.Generic.IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(System.Collections.Generic.IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public object? GetService(System.Type serviceType, object? serviceKey = null) => null;
            public void Dispose() { }
        }
        public sealed class LocalClient : ChatClientBase { public LocalClient(string model, string? endpoint) { } }
        public sealed class ModelOnlyClient : ChatClientBase { public ModelOnlyClient(string model) { } }
        public sealed class NotAClient { }

        """;

    private static string Registry(params string[] attributes) =>
        Usings + ClientTypes + string.Join("\n", attributes) + "\npublic static partial class Models { }\n";

    private const string Vllm = """[ModelProvider("vllm", Kind = "openai-compatible")]""";

    // MR0001
    [Fact]
    public Task InvalidProviderNameInAttribute() =>
        VerifyAsync(Registry("""[ModelProvider({|MR0001:"vllm:local"|}, Kind = "openai-compatible")]"""));

    [Fact]
    public Task InvalidProviderNameInJson() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/p.json", """{ "providers": [ { "name": {|MR0001:"open router"|} } ] }"""));

    [Fact]
    public Task ValidProviderNamesAreNotReported() =>
        VerifyAsync(Registry("""[ModelProvider("my-Provider_2", Kind = "openai-compatible")]""", Vllm));

    // MR0002
    [Fact]
    public async Task UnknownCompatibilityValueInAttribute()
    {
        var diagnostics = await VerifyAsync(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", {|MR0002:"requried"|}])]"""));
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Contains("did you mean 'required'?", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public Task UnknownCompatibilityValueInJson() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "m": { "compatibility_options": { "reasoning_content_keep_type": {|MR0002:"tmp"|} } } } }
            """));

    [Fact]
    public Task KnownCompatibilityValuesAndTheJsonObjectAliasAreNotReported() =>
        VerifyAsync(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedResponseFormat = ["json_object", "json_schema"], MaxTokensField = "max_completion_tokens")]"""),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json_mode"] } }"""));

    // MR0003
    [Fact]
    public Task InvalidJsonInAProfileFile() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": {|MR0003:}|} }"""));

    [Fact]
    public Task InvalidJsonOutsideProfilesIsNotReported() =>
        VerifyAsync(Registry(Vllm), ("/app/appsettings.json", """{ "Logging": """));

    // MR0004
    [Fact]
    public Task WrongValueType() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "max_input_tokens": {|MR0004:"big"|}, "tool_calling": {|MR0004:1|} } } }"""));

    [Fact]
    public Task NullAndWellTypedValuesAreNotReported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "max_input_tokens": 32768, "name": null, "pricing": { "prompt": "0.1", "completion": 2e-6 } } } }"""));

    // MR0005
    [Fact]
    public async Task UnknownKeyIsAWarningWithDidYouMean()
    {
        var diagnostics = await VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { {|MR0005:"max_input_tokns"|}: 1 } } }"""));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Contains("did you mean 'max_input_tokens'?", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public Task GatewaySeedNamesAreKnownKeys() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "m": { "context_length": 1, "max_output_length": 1, "supports_tools": true,
              "supports_structured_output": true, "input_modalities": ["text"], "output_modalities": ["text"] } } }
            """));

    // MR0006
    [Fact]
    public Task DuplicateModelOrAliasInOneFile() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "a": { "aliases": ["b"] }, {|MR0006:"A"|}: {}, "b2": { "aliases": [{|MR0006:"b"|}] } } }
            """));

    [Fact]
    public Task DuplicateModelAcrossFiles() =>
        VerifyAsync(Registry(Vllm),
            ("/app/profiles/a.json", """{ "provider": "vllm", "models": { "m": { "aliases": ["x"] } } }"""),
            ("/app/profiles/b.json", """{ "provider": "vllm", "models": { {|MR0006:"m"|}: {}, "n": { "aliases": [{|MR0006:"x"|}] } } }"""));

    [Fact]
    public Task SameModelUnderTwoProvidersIsNotADuplicate() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("ollama", Kind = "openai-compatible")]"""),
            ("/app/profiles/a.json", """{ "provider": "vllm", "models": { "m": {} } }"""),
            ("/app/profiles/b.json", """{ "provider": "ollama", "models": { "m": {} } }"""));

    // MR0007
    [Fact]
    public async Task ProfileForAnUndeclaredProvider()
    {
        var diagnostics = await VerifyAsync(Registry(Vllm),
            ("/app/profiles/vlm.json", """{ "provider": {|MR0007:"vlm"|}, "models": { "m": {} } }"""),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "routes": [ { "provider": {|MR0007:"nowhere"|} }, { "provider": "vllm" } ] } } }"""));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("did you mean 'vllm'?", StringComparison.Ordinal));
    }

    [Fact]
    public Task ProvidersDeclaredAnywhereCountAsDeclared() =>
        VerifyAsync(
            Registry(Vllm) + "[ModelProvider(\"ollama\", Kind = \"openai-compatible\")] public static partial class Other { }",
            ("/app/profiles/data.json", """{ "providers": [ { "name": "together" } ] }"""),
            ("/app/profiles/o.json", """{ "provider": "Ollama", "models": { "m": {} } }"""),
            ("/app/profiles/t.json", """{ "provider": "together", "models": { "m": { "routes": [ { "provider": "vllm" } ] } } }"""));

    // MR0008
    [Fact]
    public Task DuplicateProviderEqualButForCase() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider({|MR0008:"VLLM"|}, Kind = "openai-compatible")]"""),
            ("/app/profiles/p.json", """{ "providers": [ { "name": {|MR0008:"Vllm"|} }, { "name": "groq" } ] }"""));

    [Fact]
    public Task DistinctProvidersAreNotDuplicates() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("vllm2", Kind = "openai-compatible")]"""));

    // MR0009
    [Fact]
    public Task KindAndChatClientBothNeitherOrUnknownKind() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", ChatClient = {|MR0009:typeof(LocalClient)|})]""",
            """[{|MR0009:ModelProvider("b")|}]""",
            """[ModelProvider("c", Kind = {|MR0009:"openai-compatibel"|})]"""));

    [Fact]
    public Task ExactlyOneOfKindAndChatClientIsNotReported() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("local", ChatClient = typeof(LocalClient))]"""));

    // MR0010
    [Fact]
    public Task UnconstructibleChatClient() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", ChatClient = {|MR0010:typeof(NotAClient)|})]""",
            """[ModelProvider("b", ChatClient = {|MR0010:typeof(ChatClientBase)|})]"""));

    // MR0011
    [Fact]
    public Task InvalidBaseUrl() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", BaseUrl = {|MR0011:"localhost:8000/v1"|})]""",
            """[ModelProvider("b", ChatClient = typeof(ModelOnlyClient), BaseUrl = {|MR0011:"http://localhost:1234/v1"|})]"""),
            ("/app/profiles/p.json", """{ "providers": [ { "name": "c", "base_url": {|MR0011:"ftp://example.org"|} } ] }"""));

    [Fact]
    public Task ValidBaseUrlsAreNotReported() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", BaseUrl = "https://api.example.org/v1")]""",
            """[ModelProvider("b", ChatClient = typeof(LocalClient), BaseUrl = "http://localhost:1234/v1")]"""));

    // MR0012
    [Fact]
    public Task IdentifierCollisions() =>
        VerifyAsync(Registry(
            """[ModelProvider({|MR0012:"my-p"|}, Kind = "openai-compatible")]""",
            """[ModelProvider({|MR0012:"my_p"|}, Kind = "openai-compatible")]""",
            // Its class would be named Registry, the registry object's property.
            """[ModelProvider({|MR0012:"registry"|}, Kind = "openai-compatible")]""",
            Vllm),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { {|MR0012:"qwen3-4b"|}: {}, {|MR0012:"qwen3_4b"|}: {}, {|MR0012:"vllm"|}: {}, "qwen3-8b": {} } }"""));

    [Fact]
    public Task DistinctIdentifiersAreNotReported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "qwen3-4b": {}, "qwen3-8b": {}, "llama3.1:8b": {} } }"""));

    // MR0013
    [Fact]
    public Task LiteralSecrets() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = ["X-Title: app", {|MR0013:"Authorization: Bearer sk-live-123"|}, {|MR0013:"x-api-key: abc"|}])]"""),
            ("/app/profiles/a.json", """{ "provider": "a", "models": { "m": { "routes": [ { "base_url": "https://x.example/v1", "api_key": {|MR0013:"sk-1"|} } ] } } }"""));

    [Fact]
    public Task EnvironmentReferencesAndOrdinaryHeadersAreNotSecrets() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = ["HTTP-Referer: https://example.org", "Authorization: Bearer ${A_TOKEN}", "api-key: ${AZURE_KEY}"])]"""),
            ("/app/profiles/a.json", """{ "provider": "a", "models": { "m": { "routes": [ { "base_url": "https://x.example/v1", "api_key": "${X_KEY}" } ] } } }"""));

    // MR0014
    [Fact]
    public Task MalformedHeaders() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = [{|MR0014:"X-Title"|}, {|MR0014:": value"|}, {|MR0014:"Bad Name: x"|}])]"""));

    // Claimed files and files nobody claims.
    [Fact]
    public Task AFileOutsideProfilesIsCheckedWhenAProfilesPathNamesIt() =>
        VerifyAsync(Registry("""[ModelProvider("box", Kind = "openai-compatible", Profiles = "data/box.json")]"""),
            ("/app/data/box.json", """{ "m": { "tool_calling": {|MR0004:1|} } }"""),
            ("/app/data/other.json", """{ "m": { "tool_calling": 1 } }"""));

    [Fact]
    public Task WithoutARegistryClassNothingIsCrossChecked() =>
        VerifyAsync("public static class Plain { }", ("/app/profiles/x.json", """{ "provider": "nobody", "models": { "m": {} } }"""));
}

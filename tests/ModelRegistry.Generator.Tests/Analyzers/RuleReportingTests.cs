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
    public Task An_invalid_provider_name_in_the_attribute_is_reported() =>
        VerifyAsync(Registry("""[ModelProvider({|MR0001:"vllm:local"|}, Kind = "openai-compatible")]"""));

    [Fact]
    public Task An_invalid_provider_name_in_json_is_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/p.json", """{ "providers": [ { "name": {|MR0001:"open router"|} } ] }"""));

    [Fact]
    public Task Valid_provider_names_are_not_reported() =>
        VerifyAsync(Registry("""[ModelProvider("my-Provider_2", Kind = "openai-compatible")]""", Vllm));

    // MR0002
    [Fact]
    public async Task An_unknown_compatibility_value_in_the_attribute_is_reported()
    {
        var diagnostics = await VerifyAsync(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedToolChoice = ["auto", {|MR0002:"requried"|}])]"""));
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Contains("did you mean 'required'?", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public Task An_unknown_compatibility_value_in_json_is_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "m": { "compatibility_options": { "reasoning_content_keep_type": {|MR0002:"tmp"|} } } } }
            """));

    [Fact]
    public Task Known_compatibility_values_and_the_json_object_alias_are_not_reported() =>
        VerifyAsync(Registry("""[ModelProvider("vllm", Kind = "openai-compatible", SupportedResponseFormat = ["json_object", "json_schema"], MaxTokensField = "max_completion_tokens")]"""),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "compatibility_options": { "supported_response_format": ["json_mode"] } }"""));

    // MR0003
    [Fact]
    public Task Invalid_json_in_a_profile_file_is_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": {|MR0003:}|} }"""));

    [Fact]
    public Task Invalid_json_outside_profiles_is_not_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/appsettings.json", """{ "Logging": """));

    // MR0004
    [Fact]
    public Task A_value_of_the_wrong_type_is_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "max_input_tokens": {|MR0004:"big"|}, "tool_calling": {|MR0004:1|} } } }"""));

    [Fact]
    public Task Null_and_well_typed_values_are_not_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "max_input_tokens": 32768, "name": null, "pricing": { "prompt": "0.1", "completion": 2e-6 } } } }"""));

    // MR0005
    [Fact]
    public async Task Unknown_key_is_a_warning_with_did_you_mean()
    {
        var diagnostics = await VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { {|MR0005:"max_input_tokns"|}: 1 } } }"""));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Contains("did you mean 'max_input_tokens'?", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public Task Gateway_seed_names_are_known_keys() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "m": { "context_length": 1, "max_output_length": 1, "supports_tools": true,
              "supports_structured_output": true, "input_modalities": ["text"], "output_modalities": ["text"] } } }
            """));

    // MR0006
    [Fact]
    public Task A_duplicate_model_or_alias_in_one_file_is_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """
            { "provider": "vllm", "models": { "a": { "aliases": ["b"] }, {|MR0006:"A"|}: {}, "b2": { "aliases": [{|MR0006:"b"|}] } } }
            """));

    [Fact]
    public Task A_duplicate_model_across_files_is_reported() =>
        VerifyAsync(Registry(Vllm),
            ("/app/profiles/a.json", """{ "provider": "vllm", "models": { "m": { "aliases": ["x"] } } }"""),
            ("/app/profiles/b.json", """{ "provider": "vllm", "models": { {|MR0006:"m"|}: {}, "n": { "aliases": [{|MR0006:"x"|}] } } }"""));

    [Fact]
    public Task Same_model_under_two_providers_is_not_a_duplicate() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("ollama", Kind = "openai-compatible")]"""),
            ("/app/profiles/a.json", """{ "provider": "vllm", "models": { "m": {} } }"""),
            ("/app/profiles/b.json", """{ "provider": "ollama", "models": { "m": {} } }"""));

    // MR0007
    [Fact]
    public async Task A_profile_for_an_undeclared_provider_is_reported()
    {
        var diagnostics = await VerifyAsync(Registry(Vllm),
            ("/app/profiles/vlm.json", """{ "provider": {|MR0007:"vlm"|}, "models": { "m": {} } }"""),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "m": { "routes": [ { "provider": {|MR0007:"nowhere"|} }, { "provider": "vllm" } ] } } }"""));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("did you mean 'vllm'?", StringComparison.Ordinal));
    }

    [Fact]
    public Task Providers_declared_anywhere_count_as_declared() =>
        VerifyAsync(
            Registry(Vllm) + "[ModelProvider(\"ollama\", Kind = \"openai-compatible\")] public static partial class Other { }",
            ("/app/profiles/data.json", """{ "providers": [ { "name": "together" } ] }"""),
            ("/app/profiles/o.json", """{ "provider": "Ollama", "models": { "m": {} } }"""),
            ("/app/profiles/t.json", """{ "provider": "together", "models": { "m": { "routes": [ { "provider": "vllm" } ] } } }"""));

    // MR0008
    [Fact]
    public Task A_duplicate_provider_equal_but_for_case_is_reported() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider({|MR0008:"VLLM"|}, Kind = "openai-compatible")]"""),
            ("/app/profiles/p.json", """{ "providers": [ { "name": {|MR0008:"Vllm"|} }, { "name": "groq" } ] }"""));

    [Fact]
    public Task Distinct_providers_are_not_duplicates() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("vllm2", Kind = "openai-compatible")]"""));

    // MR0009
    [Fact]
    public Task Kind_and_ChatClient_both_or_neither_or_an_unknown_Kind_is_reported() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", ChatClient = {|MR0009:typeof(LocalClient)|})]""",
            """[{|MR0009:ModelProvider("b")|}]""",
            """[ModelProvider("c", Kind = {|MR0009:"openai-compatibel"|})]"""));

    [Fact]
    public Task Exactly_one_of_Kind_and_ChatClient_is_not_reported() =>
        VerifyAsync(Registry(Vllm, """[ModelProvider("local", ChatClient = typeof(LocalClient))]"""));

    // MR0010
    [Fact]
    public Task An_unconstructible_ChatClient_is_reported() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", ChatClient = {|MR0010:typeof(NotAClient)|})]""",
            """[ModelProvider("b", ChatClient = {|MR0010:typeof(ChatClientBase)|})]"""));

    // MR0011
    [Fact]
    public Task An_invalid_BaseUrl_is_reported() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", BaseUrl = {|MR0011:"localhost:8000/v1"|})]""",
            """[ModelProvider("b", ChatClient = typeof(ModelOnlyClient), BaseUrl = {|MR0011:"http://localhost:1234/v1"|})]"""),
            ("/app/profiles/p.json", """{ "providers": [ { "name": "c", "base_url": {|MR0011:"ftp://example.org"|} } ] }"""));

    [Fact]
    public Task Valid_BaseUrls_are_not_reported() =>
        VerifyAsync(Registry(
            """[ModelProvider("a", Kind = "openai-compatible", BaseUrl = "https://api.example.org/v1")]""",
            """[ModelProvider("b", ChatClient = typeof(LocalClient), BaseUrl = "http://localhost:1234/v1")]"""));

    // MR0012
    [Fact]
    public Task Identifier_collisions_are_reported() =>
        VerifyAsync(Registry(
            """[ModelProvider({|MR0012:"my-p"|}, Kind = "openai-compatible")]""",
            """[ModelProvider({|MR0012:"my_p"|}, Kind = "openai-compatible")]""",
            // Its class would be named Registry, the registry object's property.
            """[ModelProvider({|MR0012:"registry"|}, Kind = "openai-compatible")]""",
            Vllm),
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { {|MR0012:"qwen3-4b"|}: {}, {|MR0012:"qwen3_4b"|}: {}, {|MR0012:"vllm"|}: {}, "qwen3-8b": {} } }"""));

    [Fact]
    public Task Distinct_identifiers_are_not_reported() =>
        VerifyAsync(Registry(Vllm), ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "qwen3-4b": {}, "qwen3-8b": {}, "llama3.1:8b": {} } }"""));

    // MR0013
    [Fact]
    public Task Literal_secrets_are_reported() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = ["X-Title: app", {|MR0013:"Authorization: Bearer sk-live-123"|}, {|MR0013:"x-api-key: abc"|}])]"""),
            ("/app/profiles/a.json", """{ "provider": "a", "models": { "m": { "routes": [ { "base_url": "https://x.example/v1", "api_key": {|MR0013:"sk-1"|} } ] } } }"""));

    [Fact]
    public Task Environment_references_and_ordinary_headers_are_not_secrets() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = ["HTTP-Referer: https://example.org", "Authorization: Bearer ${A_TOKEN}", "api-key: ${AZURE_KEY}"])]"""),
            ("/app/profiles/a.json", """{ "provider": "a", "models": { "m": { "routes": [ { "base_url": "https://x.example/v1", "api_key": "${X_KEY}" } ] } } }"""));

    // MR0014
    [Fact]
    public Task Malformed_headers_are_reported() =>
        VerifyAsync(Registry("""[ModelProvider("a", Kind = "openai-compatible", Headers = [{|MR0014:"X-Title"|}, {|MR0014:": value"|}, {|MR0014:"Bad Name: x"|}])]"""));

    // Claimed files and files nobody claims.
    [Fact]
    public Task A_file_outside_profiles_is_checked_when_a_profiles_path_names_it() =>
        VerifyAsync(Registry("""[ModelProvider("box", Kind = "openai-compatible", Profiles = "data/box.json")]"""),
            ("/app/data/box.json", """{ "m": { "tool_calling": {|MR0004:1|} } }"""),
            ("/app/data/other.json", """{ "m": { "tool_calling": 1 } }"""));

    [Fact]
    public Task Without_a_registry_class_nothing_is_cross_checked() =>
        VerifyAsync("public static class Plain { }", ("/app/profiles/x.json", """{ "provider": "nobody", "models": { "m": {} } }"""));
}

using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>
/// Case 1 with the clients people use (issue 18): MR0024 for a <c>ChatClientFactory</c> type without the one static
/// method generated code calls (bad and fixed), MR0009 over the three ways to name a client, the constructors of real
/// clients (OllamaSharp's shapes), and no follow-on errors: a provider whose declaration has an error still counts as
/// declared at call sites, in profile files and in routes, so that its one real error is the only one.
/// </summary>
public sealed class CaseOneRuleTests
{
    private const string Usings = "using ModelRegistry;\nusing Microsoft.Extensions.AI;\n";

    private const string ClientBase = """
        public abstract class ChatClientBase : IChatClient
        {
            public System.Threading.Tasks.Task<ChatResponse> GetResponseAsync(System.Collections.Generic.IEnumerable<ChatMessage> messages, ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public System.Collections.Generic.IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(System.Collections.Generic.IEnumerable<ChatMessage> messages, ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => throw new System.InvalidOperationException();
            public object? GetService(System.Type serviceType, object? serviceKey = null) => null;
            public void Dispose() { }
        }
        public sealed class SdkClient : ChatClientBase { public SdkClient(string wireModel, System.Uri? at) { } }
        public sealed class NeedsPort : ChatClientBase { public NeedsPort(int port) { } }

        """;

    private static string Registry(string types, params string[] attributes) =>
        Usings + ClientBase + types + "\n" + string.Join("\n", attributes) + "\npublic static partial class Models { }\n";

    private const string GoodFactory = """
        public static class SdkFactory
        {
            public static IChatClient Create(ChatModelConfiguration configuration) => new SdkClient(configuration.RequestModel, configuration.Endpoint);
        }
        public static class TwoFactories
        {
            public static IChatClient Create(ChatModelConfiguration configuration) => new SdkClient(configuration.RequestModel, null);
            public static SdkClient Other(ChatModelConfiguration configuration) => new SdkClient(configuration.Model, null);
        }
        """;

    // MR0024, bad
    [Fact]
    public async Task A_factory_type_without_the_method_is_reported_with_the_expected_signature()
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Registry("public static class EmptyFactory { }",
            """[ModelProvider("sdk", ChatClientFactory = {|MR0024:typeof(EmptyFactory)|})]""")));

        string message = diagnostic.GetMessage();
        Assert.Contains("ChatClientFactory type 'EmptyFactory' cannot be used: it has no static method that takes a ChatModelConfiguration and returns an IChatClient", message, StringComparison.Ordinal);
        Assert.Contains("public static IChatClient Create(ChatModelConfiguration configuration)", message, StringComparison.Ordinal);
        Assert.Equal("true", diagnostic.Properties[FixProperties.AddFactoryMethod]);
    }

    [Theory]
    [InlineData("public IChatClient Create(ChatModelConfiguration c) => new SdkClient(c.Model, null);", "'Create' is not static")]
    [InlineData("public static object Create(ChatModelConfiguration c) => new SdkClient(c.Model, null);", "'Create' does not return an IChatClient")]
    [InlineData("private static IChatClient Create(ChatModelConfiguration c) => new SdkClient(c.Model, null);", "'Create' is not public")]
    [InlineData("public static IChatClient Build(ChatModelConfiguration c) => new SdkClient(c.Model, null); public static IChatClient Make(ChatModelConfiguration c) => new SdkClient(c.Model, null);", "several such methods ('Build', 'Make')")]
    public async Task A_near_miss_names_what_to_change_and_offers_no_stub(string members, string problem)
    {
        Diagnostic diagnostic = Assert.Single(await VerifyAsync(Registry("public class AlmostFactory { " + members + " }",
            """[ModelProvider("sdk", ChatClientFactory = {|MR0024:typeof(AlmostFactory)|})]""")));

        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.False(diagnostic.Properties.ContainsKey(FixProperties.AddFactoryMethod));
    }

    // MR0024, fixed
    [Fact]
    public Task A_factory_with_one_static_method_is_not_reported() =>
        VerifyAsync(Registry(GoodFactory, """[ModelProvider("sdk", ChatClientFactory = typeof(SdkFactory), BaseUrl = "http://127.0.0.1:9/v1")]""",
            // Several methods of the shape: the one named Create is called.
            """[ModelProvider("sdk2", ChatClientFactory = typeof(TwoFactories))]"""),
            ("/app/profiles/sdk.json", """{ "provider": "sdk", "models": { "m1": {} } }"""));

    // MR0009
    [Fact]
    public Task Two_ways_to_name_the_client_are_reported() =>
        VerifyAsync(Registry(GoodFactory,
            """[ModelProvider("a", ChatClient = typeof(SdkClient), ChatClientFactory = {|MR0009:typeof(SdkFactory)|})]""",
            """[ModelProvider("b", Kind = "openai-compatible", ChatClientFactory = {|MR0009:typeof(SdkFactory)|})]"""));

    // No follow-on errors: the call sites, the profile file and the route of a provider dropped for MR0010, MR0024, MR0001.
    [Fact]
    public Task A_provider_with_a_declaration_error_is_still_declared_for_every_other_rule() =>
        VerifyAsync(
            Registry("public static class EmptyFactory { }",
                """[ModelProvider("ollama-native", ChatClient = {|MR0010:typeof(NeedsPort)|}, BaseUrl = "http://127.0.0.1:11434")]""",
                """[ModelProvider("openai-sdk", ChatClientFactory = {|MR0024:typeof(EmptyFactory)|})]""",
                """[ModelProvider({|MR0001:"acme:chat"|}, Kind = "openai-compatible")]""",
                """[ModelProvider("hub", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1")]""")
            + """
                public static class Calls
                {
                    public static void Use()
                    {
                        Models.LoadChatModel("ollama-native:llama3.2");
                        Models.LoadChatModel("llama3.2", "ollama-native");
                        Models.LoadChatModel(new ChatModelId("openai-sdk", "gpt-4o-mini"));
                        Models.LoadChatModel("acme:chat:model-1");
                        Models.LoadChatModel({|MR0015:"ollama-nativ:llama3.2"|});
                    }
                }
                """,
            ("/app/profiles/ollama-native.json", """{ "provider": "ollama-native", "models": { "llama3.2": {} } }"""),
            ("/app/profiles/hub.json", """
                { "provider": "hub", "models": { "mixed": { "routes": [ { "provider": "openai-sdk", "weight": 1 }, { "provider": "hub", "weight": 1 } ] } } }
                """));

    [Fact]
    public async Task The_one_real_error_is_reported_once()
    {
        AnalyzerRun run = await RunAsync(Registry("",
            """[ModelProvider("ollama-native", ChatClient = typeof(NeedsPort))]""") + """
            public static class Calls { public static void Use() { Models.LoadChatModel("ollama-native:a"); Models.LoadChatModel("ollama-native:b"); } }
            """);

        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("MR0010", error.Id);
        Assert.Contains("ChatClientFactory = typeof(YourClientFactory)", error.GetMessage(), StringComparison.Ordinal);
    }

    // The constructors of a real client: OllamaSharp 5.5.2's OllamaApiClient, its four public constructors as they are.
    private const string OllamaShaped = """
        namespace OllamaSharp
        {
            public sealed class OllamaApiClient : ChatClientBase
            {
                public OllamaApiClient(string uriString, string defaultModel = "") { }
                public OllamaApiClient(System.Uri uri, string defaultModel = "") { }
                public OllamaApiClient(Configuration config) { }
                public OllamaApiClient(System.Net.Http.HttpClient client, string defaultModel = "", System.Text.Json.Serialization.JsonSerializerContext? jsonSerializerContext = null) { }
                public sealed class Configuration { }
            }
        }
        """;

    [Fact]
    public void OllamaSharp_is_constructed_over_the_providers_HttpClient_with_its_default_model()
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(Registry(OllamaShaped,
            """[ModelProvider("ollama-native", ChatClient = typeof(OllamaSharp.OllamaApiClient), BaseUrl = "http://127.0.0.1:11434")]"""));

        Assert.Empty(diagnostics);
        CustomClientSpec client = Assert.Single(spec!.Providers).CustomClient!;
        Assert.Equal(new[] { "client", "defaultModel" }, client.ConstructorArguments.Select(a => a.Name));
        Assert.Equal(new[] { ClientArgumentValue.HttpClient, ClientArgumentValue.Model }, client.ConstructorArguments.Select(a => a.Value));
        Assert.Equal("http://127.0.0.1:11434", spec.Providers[0].BaseUrl);
    }

    // The OpenAI SDK's key type, System.ClientModel's real ApiKeyCredential: the runtime references System.ClientModel (for
    // case-1 failures), so every compilation with ModelRegistry has it.
    private const string CredentialShaped = """
        public sealed class CredentialClient : ChatClientBase
        {
            public CredentialClient(string model, System.ClientModel.ApiKeyCredential credential, System.Uri endpoint) { }
        }
        """;

    [Fact]
    public void An_ApiKeyCredential_parameter_receives_the_resolved_key_and_makes_the_key_required()
    {
        GeneratorRun run = GeneratorHarness.Run([Registry(CredentialShaped,
            """[ModelProvider("sdk-ctor", ChatClient = typeof(CredentialClient), BaseUrl = "https://api.example.org/v1")]""")]);

        Assert.DoesNotContain(TestCompilations.VisibleDiagnostics(run.Output), d => d.Id != "CS1591");
        string source = run.SourceText("Models.g.cs");
        Assert.Contains("credential: configuration.ApiKey is { } __key ? new global::System.ClientModel.ApiKeyCredential(__key) : null!", source, StringComparison.Ordinal);
        Assert.Contains("requiresEndpoint: true, requiresApiKey: true", source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_registry_compiles_and_calls_the_constructor_and_the_factory()
    {
        GeneratorRun run = GeneratorHarness.Run([Registry(OllamaShaped + "\n" + GoodFactory,
            """[ModelProvider("ollama-native", ChatClient = typeof(OllamaSharp.OllamaApiClient), BaseUrl = "http://127.0.0.1:11434")]""",
            """[ModelProvider("openai-sdk", ChatClientFactory = typeof(SdkFactory), BaseUrl = "http://127.0.0.1:9/v1")]""")]);

        Assert.Empty(run.GeneratorDiagnostics);
        // The test's own client types carry no documentation comments (CS1591); the generated code needs no other change.
        Assert.DoesNotContain(TestCompilations.VisibleDiagnostics(run.Output), d => d.Id != "CS1591");
        string source = run.SourceText("Models.g.cs");
        Assert.Contains("new global::OllamaSharp.OllamaApiClient(client: configuration.CreateHttpClient(), defaultModel: configuration.RequestModel)", source, StringComparison.Ordinal);
        Assert.Contains("global::SdkFactory.Create(configuration)", source, StringComparison.Ordinal);
        Assert.Contains("ChatClientFactoryType = typeof(global::SdkFactory)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("ApiKey =", source, StringComparison.Ordinal);
    }
}

using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Parsing;

public sealed class ProviderDeclarationParserTests
{
    private const string ClientTypes = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using ModelRegistry;

        public abstract class ChatClientBase : IChatClient
        {
            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
            public object? GetService(Type serviceType, object? serviceKey = null) => null;
            public void Dispose() { }
        }

        public sealed class ByConstructor : ChatClientBase
        {
            public ByConstructor(string model) { }
            public ByConstructor(string modelId, Uri endpoint, string? apiKey, ChatModelSettings? settings, ModelProfile? profile) { }
            public ByConstructor(string model, int unrelated) { }
        }

        public sealed class ByProperties : ChatClientBase
        {
            public string? Model { get; set; }
            public string? BaseUrl { get; init; }
            public string? ApiKey { get; private set; }
        }

        public sealed class NoEndpoint : ChatClientBase
        {
            public NoEndpoint(string model) { }
        }

        public sealed class Unfillable : ChatClientBase
        {
            public Unfillable(int port) { }
        }

        public sealed class NotAClient { }
        """;

    [Fact]
    public void Reads_every_named_property_of_the_attribute()
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration("""
            using ModelRegistry;
            namespace App;
            [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1",
                SupportedToolChoice = ["required", "auto", "auto"], SupportedResponseFormat = new[] { "json_object", "json_schema" },
                ReasoningContentKeepType = "temp", IncludeUsage = false, ReasoningFieldName = "reasoning",
                MaxTokensField = "max_completion_tokens", ReasoningTag = "think", Profiles = "profiles/vllm.json",
                Headers = ["X-Title: ${APP_TITLE}", "Authorization: Bearer ${VLLM_TOKEN}"])]
            public static partial class Models { }
            """, "App.Models");

        Assert.Empty(diagnostics);
        ProviderSpec provider = Assert.Single(spec!.Providers);
        Assert.Equal("vllm", provider.Name);
        Assert.Equal("openai-compatible", provider.Kind);
        Assert.Null(provider.CustomClient);
        Assert.Equal("http://localhost:8000/v1", provider.BaseUrl);
        Assert.Equal("profiles/vllm.json", provider.ProfilesPath);
        Assert.True(provider.IsLocal);
        Assert.Equal(ProviderOrigin.Attribute, provider.Origin);
        Assert.Equal(new[] { new HeaderSpec("X-Title", "${APP_TITLE}"), new HeaderSpec("Authorization", "Bearer ${VLLM_TOKEN}") }, provider.Headers);
        Assert.Equal(new[] { "auto", "required" }, provider.Compatibility.SupportedToolChoice);
        Assert.Equal(new[] { "json_mode", "json_schema" }, provider.Compatibility.SupportedResponseFormat);
        Assert.Equal("temp", provider.Compatibility.ReasoningContentKeepType);
        Assert.Equal(false, provider.Compatibility.IncludeUsage);
        Assert.Equal("reasoning", provider.Compatibility.ReasoningFieldName);
        Assert.Equal("max_completion_tokens", provider.Compatibility.MaxTokensField);
        Assert.Equal("think", provider.Compatibility.ReasoningTag);
        Assert.Equal(new RegistryClassSpec("App", "Models", ImmutableEquatableArray<string>.Empty, "App.Models.g.cs"), spec.Class);
    }

    [Fact]
    public void IncludeUsage_is_unset_unless_written()
    {
        (RegistryDeclarationSpec? spec, _) = ParserHarness.ParseDeclaration("""
            using ModelRegistry;
            [ModelProvider("openrouter", Kind = "openai-compatible", BaseUrl = "https://openrouter.ai/api/v1")]
            public static partial class Models { }
            """);

        ProviderSpec provider = Assert.Single(spec!.Providers);
        Assert.Null(provider.Compatibility.IncludeUsage);
        Assert.False(provider.IsLocal);
        Assert.Equal(CompatibilitySpec.Unset, provider.Compatibility);
    }

    [Fact]
    public void Describes_containing_types_and_a_unique_hint_name()
    {
        (RegistryDeclarationSpec? spec, _) = ParserHarness.ParseDeclaration("""
            using ModelRegistry;
            namespace App.Ai;
            public partial class Outer<T>
            {
                public partial record Middle
                {
                    [ModelProvider("a", Kind = "openai-compatible")]
                    public static partial class Models { }
                }
            }
            """, "App.Ai.Outer`1+Middle+Models");

        Assert.Equal(new[] { "partial class Outer<T>", "partial record Middle" }, spec!.Class.ContainingTypes);
        Assert.Equal("App.Ai.Outer_1.Middle.Models.g.cs", spec.Class.HintName);
    }

    [Fact]
    public void Prefers_the_largest_fillable_constructor()
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(ClientTypes + """

            [ModelProvider("local", ChatClient = typeof(ByConstructor), BaseUrl = "http://127.0.0.1:9000")]
            public static partial class Models { }
            """);

        Assert.Empty(diagnostics);
        ProviderSpec provider = Assert.Single(spec!.Providers);
        Assert.Null(provider.Kind);
        CustomClientSpec client = provider.CustomClient!;
        Assert.Equal("global::ByConstructor", client.TypeName);
        Assert.Equal(
            new[] { ClientArgumentValue.Model, ClientArgumentValue.Endpoint, ClientArgumentValue.ApiKey, ClientArgumentValue.Settings, ClientArgumentValue.Profile },
            client.ConstructorArguments.Select(a => a.Value));
        Assert.Equal(new[] { "modelId", "endpoint", "apiKey", "settings", "profile" }, client.ConstructorArguments.Select(a => a.Name));
        Assert.True(client.ConstructorArguments[1].IsUri);
        Assert.Equal(new[] { false, false, true, true, true }, client.ConstructorArguments.Select(a => a.AcceptsNull));
        Assert.Empty(client.PropertyAssignments);
        Assert.True(provider.IsLocal);
    }

    [Fact]
    public void Falls_back_to_settable_properties_of_a_parameterless_constructor()
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(ClientTypes + """

            [ModelProvider("props", ChatClient = typeof(ByProperties), BaseUrl = "https://example.org/v1")]
            public static partial class Models { }
            """);

        Assert.Empty(diagnostics);
        CustomClientSpec client = Assert.Single(spec!.Providers).CustomClient!;
        Assert.Empty(client.ConstructorArguments);
        // ApiKey has a private setter: generated code could not assign it.
        Assert.Equal(new[] { ("BaseUrl", ClientArgumentValue.Endpoint), ("Model", ClientArgumentValue.Model) },
            client.PropertyAssignments.Select(p => (p.Name, p.Value)));
    }

    [Theory]
    [InlineData("""[ModelProvider("vllm:local", Kind = "openai-compatible")]""", "MR0001", "\"vllm:local\"")]
    [InlineData("""[ModelProvider("", Kind = "openai-compatible")]""", "MR0001", "\"\"")]
    [InlineData("""[ModelProvider("my provider", Kind = "openai-compatible")]""", "MR0001", "\"my provider\"")]
    [InlineData("""[ModelProvider("a", Kind = "openai-compatible", ChatClient = typeof(ByConstructor))]""", "MR0009", "typeof(ByConstructor)")]
    [InlineData("""[ModelProvider("a")]""", "MR0009", "ModelProvider(\"a\")")]
    [InlineData("""[ModelProvider("a", Kind = "openai")]""", "MR0009", "\"openai\"")]
    [InlineData("""[ModelProvider("a", ChatClient = typeof(NotAClient))]""", "MR0010", "typeof(NotAClient)")]
    [InlineData("""[ModelProvider("a", ChatClient = typeof(Unfillable))]""", "MR0010", "typeof(Unfillable)")]
    [InlineData("""[ModelProvider("a", ChatClient = typeof(ChatClientBase))]""", "MR0010", "typeof(ChatClientBase)")]
    public void Drops_a_provider_that_cannot_work(string attribute, string id, string underlined)
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(ClientTypes + "\n" + attribute + "\npublic static partial class Models { }");

        Assert.Empty(spec!.Providers);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(underlined, ParserHarness.Underlined(diagnostic));
    }

    [Theory]
    [InlineData("""SupportedToolChoice = ["auto", "requried"]""", "MR0002", "\"requried\"", "did you mean 'required'?")]
    [InlineData("""SupportedResponseFormat = new string[] { "json-schema" }""", "MR0002", "\"json-schema\"", "did you mean 'json_schema'?")]
    [InlineData("""ReasoningContentKeepType = "tmp" """, "MR0002", "\"tmp\"", "Valid values: discard, temp, retain.")]
    [InlineData("""ReasoningTag = "<think>" """, "MR0002", "\"<think>\"", "without angle brackets")]
    [InlineData("""BaseUrl = "localhost:8000" """, "MR0011", "\"localhost:8000\"", "http")]
    [InlineData("""BaseUrl = "ftp://example.org" """, "MR0011", "\"ftp://example.org\"", "http or https")]
    [InlineData("""Headers = ["X-Title: app", "Authorization: Bearer sk-123"]""", "MR0013", "\"Authorization: Bearer sk-123\"", "${A_API_KEY}")]
    [InlineData("""Headers = ["x-api-key: abc"]""", "MR0013", "\"x-api-key: abc\"", "literal secret")]
    [InlineData("""Headers = ["X-Title"]""", "MR0014", "\"X-Title\"", "no ':'")]
    public void Drops_an_invalid_value_and_keeps_the_provider(string argument, string id, string underlined, string messagePart)
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration($$"""
            using ModelRegistry;
            [ModelProvider("a", Kind = "openai-compatible", {{argument}})]
            public static partial class Models { }
            """);

        ProviderSpec provider = Assert.Single(spec!.Providers);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(underlined, ParserHarness.Underlined(diagnostic));
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-123", provider.Headers.Select(h => h.Value));
        Assert.Null(provider.BaseUrl);
    }

    [Fact]
    public void Keeps_the_valid_elements_of_an_array()
    {
        (RegistryDeclarationSpec? spec, _) = ParserHarness.ParseDeclaration("""
            using ModelRegistry;
            [ModelProvider("a", Kind = "openai-compatible", SupportedToolChoice = ["none", "bogus", "auto"])]
            public static partial class Models { }
            """);

        Assert.Equal(new[] { "auto", "none" }, Assert.Single(spec!.Providers).Compatibility.SupportedToolChoice);
    }

    [Fact]
    public void Reports_a_BaseUrl_the_client_type_cannot_take()
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration(ClientTypes + """

            [ModelProvider("a", ChatClient = typeof(NoEndpoint), BaseUrl = "http://localhost:1234")]
            public static partial class Models { }
            """);

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MR0011", diagnostic.Id);
        Assert.Equal("\"http://localhost:1234\"", ParserHarness.Underlined(diagnostic));
        ProviderSpec provider = Assert.Single(spec!.Providers);
        Assert.Null(provider.BaseUrl);
        Assert.NotNull(provider.CustomClient);
    }

    [Fact]
    public void Without_a_diagnostics_collection_the_result_is_the_same()
    {
        const string source = """
            using ModelRegistry;
            [ModelProvider("a", Kind = "openai-compatible", SupportedToolChoice = ["bogus", "auto"], BaseUrl = "nope")]
            [ModelProvider("b:c", Kind = "openai-compatible")]
            public static partial class Models { }
            """;
        var compilation = TestCompilations.Create(source);
        var (type, attributes) = ParserHarness.RegistryClass(compilation);

        RegistryDeclarationSpec? silent = ProviderDeclarationParser.ParseClass(type, attributes, null, CancellationToken.None);
        var sink = new DiagnosticSink();
        RegistryDeclarationSpec? reported = ProviderDeclarationParser.ParseClass(type, attributes, sink, CancellationToken.None);

        Assert.Equal(silent, reported);
        Assert.Equal(3, sink.Diagnostics.Count);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Parsing;

/// <summary>The one secret rule (<see cref="SecretRule"/>): the attribute parser, the JSON parser, the settings analyzer and the
/// emitter's guard all answer the same, including in the cases where the emitter and the analyzers used to disagree.</summary>
public sealed class SecretRuleTests
{
    [Theory]
    // Disputed: the emitter let a partly literal value through because it holds a ${…} reference.
    [InlineData("Authorization", "Bearer sk-${REST}", true)]
    [InlineData("Authorization", "sk-${REST}", true)]
    // Disputed: the analyzers knew only Authorization and Proxy-Authorization as authorization names.
    [InlineData("X-Upstream-Authorization", "abc", true)]
    [InlineData("Proxy-Authorization", "Basic dXNlcjpwYXNz", true)]
    [InlineData("Authorization", "Bearer sk-live-1", true)]
    [InlineData("x-api-key", "abc", true)]
    [InlineData("X-Auth-Token", "t0k3n", true)]
    [InlineData("X-Client-Secret", "s", true)]
    [InlineData("Authorization", "Bearer ${TOKEN}", false)]
    [InlineData("Proxy-Authorization", "Basic ${PROXY_CREDENTIALS}", false)]
    [InlineData("X-Upstream-Authorization", "${UPSTREAM_AUTH}", false)]
    [InlineData("api-key", "${A_API_KEY}", false)]
    [InlineData("X-Title", "sk-looks-like-a-key", false)]
    [InlineData("Authorization", "", false)]
    public void Decides_every_disputed_header_once(string name, string value, bool secret) =>
        Assert.Equal(secret, SecretRule.IsLiteralSecretHeader(name, value));

    [Theory]
    [InlineData("X-Upstream-Authorization: abc")]
    [InlineData("Authorization: Bearer sk-${REST}")]
    public void The_attribute_parser_reports_and_drops_a_disputed_header(string header)
    {
        (RegistryDeclarationSpec? spec, List<Diagnostic> diagnostics) = ParserHarness.ParseDeclaration($$"""
            using ModelRegistry;
            [ModelProvider("a", Kind = "openai-compatible", Headers = ["X-Title: app", "{{header}}"])]
            public static partial class Models { }
            """);

        Assert.Equal("MR0013", Assert.Single(diagnostics).Id);
        Assert.Equal(new[] { new HeaderSpec("X-Title", "app") }, Assert.Single(spec!.Providers).Headers);
    }

    [Theory]
    [InlineData("X-Upstream-Authorization: abc")]
    [InlineData("Authorization: Bearer sk-${REST}")]
    public void The_json_parser_reports_and_drops_a_disputed_header(string header)
    {
        var sink = new DiagnosticSink();
        ProfileFileSpec? spec = ProfileFileParser.Parse(
            "/repo/profiles/p.json", SourceText.From($$"""{ "providers": [ { "name": "p", "headers": ["X-Title: app", "{{header}}"] } ] }"""),
            sink, CancellationToken.None);

        Assert.Equal("MR0013", Assert.Single(sink.Diagnostics).Rule.Id);
        Assert.Equal(new[] { new HeaderSpec("X-Title", "app") }, Assert.Single(spec!.Providers).Headers);
    }

    [Fact]
    public void The_emitter_never_writes_a_header_the_analyzers_flag()
    {
        RegistrySpec spec = SampleRegistrySpecs.Representative();
        ResolvedProviderSpec openRouter = spec.Providers[1];
        ProviderSpec withSecrets = openRouter.Declaration with
        {
            Headers = new[]
            {
                new HeaderSpec("Authorization", "Bearer sk-live-${REST}"),
                new HeaderSpec("X-Upstream-Authorization", "upstream-live-1"),
                new HeaderSpec("Proxy-Authorization", "Basic ${PROXY_CREDENTIALS}"),
            }.ToImmutableEquatableArray(),
        };

        string source = RegistryEmitter.Emit(spec with { Providers = new[] { openRouter with { Declaration = withSecrets } }.ToImmutableEquatableArray() });

        Assert.DoesNotContain("sk-live", source, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream-live", source, StringComparison.Ordinal);
        Assert.Contains("\"Basic ${PROXY_CREDENTIALS}\"", source, StringComparison.Ordinal);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Robustness;

/// <summary>10,000 random and mutated JSON inputs through the shared reader, validator and builder: each yields
/// diagnostics or a valid result, never an exception, and always the same result with and without reporting.</summary>
public sealed class ProfileParserFuzzTests
{
    internal static readonly string[] Seeds =
    {
        """
        { "provider": "vllm", "compatibility_options": { "supported_tool_choice": ["auto", "required"], "include_usage": false },
          "models": { "qwen3-4b": { "max_input_tokens": 32768, "tool_calling": true, "aliases": ["qwen3"],
            "pricing": { "prompt": "0", "completion": 1e-6 }, "compatibility_options": { "reasoning_content_keep_type": "temp" } } } }
        """,
        """
        { "gpt-4o-mini": { "max_input_tokens": 128000, "image_inputs": true, "release_date": "2024-07-18", "status": null },
          "o1": { "reasoning_output": true, "supported_params": ["tools"] } }
        """,
        """
        { "provider": "gateway", "models": { "m": { "context_length": 8192, "input_modalities": ["text", "image"], "routes": [
          { "provider": "vllm", "weight": 2, "local": true, "requests_per_minute": 60 },
          { "base_url": "https://api.example.org/v1", "api_key": "${EXAMPLE_KEY}", "tokens_per_minute": 1000 } ] } } }
        """,
        """
        { "providers": [ { "name": "together", "base_url": "https://api.together.xyz/v1", "headers": ["X-Title: app"], "reasoning_tag": "think" },
          { "name": "azure", "authentication": "api_key_header", "api_version": "2024-10-21", "headers": { "api-key": "${AZURE_KEY}" } } ] }
        """,
    };

    private static readonly string[] Paths = { "/app/profiles/p.json", "/app/data/p.json", "C:\\app\\Profiles\\p.json", "p.json" };

    [Theory]
    [InlineData(20261122)]
    [InlineData(7)]
    [InlineData(424242)]
    public void Ten_thousand_inputs_never_throw(int seed)
    {
        var mutator = new InputMutator(seed);
        var declaration = new RegistryDeclarationSpec(
            new RegistryClassSpec(null, "Models", ImmutableEquatableArray<string>.Empty, "Models.g.cs"),
            new[] { "vllm", "gateway", "Together" }.Select(name => new ProviderSpec(name, "openai-compatible", null, null,
                ImmutableEquatableArray<HeaderSpec>.Empty, CompatibilitySpec.Unset, "data/p.json", ProviderOrigin.Attribute, false, "Bearer", null))
                .ToImmutableEquatableArray());
        int withResult = 0, withDiagnostics = 0;

        for (int i = 0; i < 10_000; i++)
        {
            string json = i % 10 == 0 ? mutator.RandomText(200) : mutator.Mutate(mutator.Pick(Seeds));
            string path = mutator.Pick(Paths);
            var text = SourceText.From(json);
            var sink = new DiagnosticSink();

            ProfileFileSpec? reported = ProfileFileParser.Parse(path, text, sink, claimed: i % 3 == 0, CancellationToken.None);
            ProfileFileSpec? silent = ProfileFileParser.Parse(path, text, null, claimed: i % 3 == 0, CancellationToken.None);
            List<Diagnostic> diagnostics = sink.ToDiagnostics();

            Assert.Equal(reported, silent);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                Assert.StartsWith("MR", diagnostic.Id, StringComparison.Ordinal);
                Assert.True(diagnostic.Location.SourceSpan.End <= json.Length, $"Span {diagnostic.Location.SourceSpan} outside input {i}.");
                Assert.False(string.IsNullOrEmpty(diagnostic.GetMessage()));
            }

            if (reported is not null)
            {
                withResult++;
                RegistrySpec registry = RegistryBuilder.Build(declaration, new[] { reported }.ToImmutableEquatableArray(), CancellationToken.None);
                Assert.All(registry.Providers, p => Assert.All(p.Models, m => Assert.True(m.Identifier.Length == 0 || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(IdentifierNaming.Bare(m.Identifier)))));
            }

            withDiagnostics += diagnostics.Count > 0 ? 1 : 0;
        }

        // The mutations must exercise both outcomes, or the test proves nothing.
        Assert.InRange(withResult, 1000, 9999);
        Assert.InRange(withDiagnostics, 1000, 9999);
    }
}

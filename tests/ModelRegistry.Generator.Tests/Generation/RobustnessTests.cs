using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>A few hundred mutated declarations through the whole driver: the generator never throws (no CS8785), and
/// whenever the user's code compiles, the generated code compiles too: invalid values are dropped, never emitted.</summary>
public sealed class RobustnessTests
{
    private const int Iterations = 300;

    /// <summary>Fragments a mutation may insert: the characters and tokens that matter inside a declaration.</summary>
    private static readonly string[] Fragments =
    [
        ":", "\"", "-", "_", " ", "@", "\\", "${", "}", ",", "[", "]", "=", "0", "A", "é", "\u0000", "vllm", "class", "Models",
        "Kind = \"openai-compatible\"", "ChatClient = typeof(EchoChatClient)", "BaseUrl = \"not a url\"", "BaseUrl = \"ftp://x\"",
        "Headers = new[] { \"Authorization: Bearer sk-1\" }", "Headers = new[] { \"bad header\" }", "Profiles = \"profiles/vllm.json\"",
        "SupportedToolChoice = new[] { \"sometimes\" }", "ReasoningContentKeepType = \"forever\"", "IncludeUsage = false",
        "MaxTokensField = \"max_completion_tokens\"", "ReasoningTag = \"think\"", "ChatClient = typeof(string)",
        "[ModelProvider(\"vllm\", Kind = \"openai-compatible\")]", "[ModelProvider(\"Providers\", Kind = \"openai-compatible\")]",
        "[ModelProvider(\"a:b\", Kind = \"openai-compatible\")]", "[ModelProvider(\"\", Kind = \"openai-compatible\")]",
    ];

    [Fact]
    public void Mutated_declarations_never_fail_the_generator()
    {
        var random = new Random(20261122);
        int compiledCleanly = 0;
        for (int i = 0; i < Iterations; i++)
        {
            string registry = Mutate(RepresentativeDeclaration.RegistrySource, random, mutations: 1 + random.Next(3));
            GeneratorRun run = GeneratorHarness.Run([registry, RepresentativeDeclaration.ClientSource], RepresentativeDeclaration.VllmProfilesFile());

            Assert.True(run.Result.Exception is null, $"The generator threw on:\n{registry}\n{run.Result.Exception}");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785");

            if (!run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                compiledCleanly++;
                List<Diagnostic> generatedErrors = run.Output.GetDiagnostics()
                    .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && !run.Input.SyntaxTrees.Contains(tree))
                    .ToList();
                Assert.True(generatedErrors.Count == 0, $"Valid user code, invalid generated code:\n{registry}\n{TestCompilations.Describe(generatedErrors)}");
            }
        }

        // The mutations must leave enough inputs valid for the second guarantee to be exercised.
        Assert.True(compiledCleanly > Iterations / 10, $"Only {compiledCleanly} of {Iterations} mutated inputs compiled.");
    }

    private static string Mutate(string source, Random random, int mutations)
    {
        int attributesStart = source.IndexOf("[ModelProvider", StringComparison.Ordinal);
        int attributesEnd = source.IndexOf("public static partial class", StringComparison.Ordinal);
        for (int m = 0; m < mutations; m++)
        {
            // Mutate inside the attribute list, where the generator reads.
            int position = random.Next(attributesStart, attributesEnd);
            switch (random.Next(4))
            {
                case 0:
                    source = source.Remove(position, Math.Min(1 + random.Next(6), attributesEnd - position));
                    break;
                case 1:
                    source = source.Insert(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    int quote = source.IndexOf('"', position);
                    if (quote > 0 && quote < attributesEnd)
                    {
                        source = source.Insert(quote + 1, Fragments[random.Next(Fragments.Length)]);
                    }

                    break;
                default:
                    int argumentEnd = source.IndexOf(')', position);
                    if (argumentEnd > 0 && argumentEnd < attributesEnd)
                    {
                        source = source.Insert(argumentEnd, ", " + Fragments[random.Next(Fragments.Length)]);
                    }

                    break;
            }

            attributesEnd = source.IndexOf("public static partial class", StringComparison.Ordinal);
            if (attributesEnd < 0 || attributesEnd <= attributesStart)
            {
                break;
            }
        }

        return source;
    }
}

using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>What the whole generator writes for a declaration: its baseline, the set of files, and that the result
/// compiles without a diagnostic.</summary>
public sealed class GeneratedFilesTests
{
    [Fact]
    public void RepresentativeDeclaration()
    {
        GeneratorRun run = GeneratorHarness.Run(Infrastructure.RepresentativeDeclaration.Sources, Infrastructure.RepresentativeDeclaration.VllmProfilesFile());
        string[] hintNames = run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Contoso.AI.Models.g.cs"], hintNames);
        if (Environment.GetEnvironmentVariable(BaselineFiles.UpdateVariable) != "1")
        {
            Assert.Equal(BaselineFiles.HintNames(nameof(RepresentativeDeclaration)), hintNames);
        }

        foreach (GeneratedSourceResult source in run.GeneratedSources)
        {
            BaselineFiles.AssertMatches(nameof(RepresentativeDeclaration), source.HintName, source.SourceText.ToString());
        }
    }

    [Fact]
    public void TheRepresentativeDeclarationCompilesWithoutDiagnostics()
    {
        GeneratorRun run = GeneratorHarness.Run(Infrastructure.RepresentativeDeclaration.Sources, Infrastructure.RepresentativeDeclaration.VllmProfilesFile());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
    }

    [Fact]
    public void OneFilePerRegistryClassEvenWhenItsAttributesSpanPartialDeclarations()
    {
        GeneratorRun run = GeneratorHarness.Run(
        [
            """
            namespace A
            {
                [ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
                internal static partial class Models { }
            }
            """,
            """
            namespace A
            {
                [ModelRegistry.ModelProvider("ollama", Kind = "openai-compatible", BaseUrl = "http://localhost:11434/v1")]
                internal static partial class Models { }

                [ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible")]
                internal static partial class Other { }
            }
            namespace B
            {
                [ModelRegistry.ModelProvider("vllm", Kind = "openai-compatible")]
                internal static partial class Models { }
            }
            """,
        ]);
        Assert.Null(run.Result.Exception);
        Assert.Equal(3, run.GeneratedSources.Count);
        Assert.Equal(3, run.GeneratedSources.Select(s => s.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));

        string models = run.GeneratedSources.Single(s => s.SourceText.ToString().Contains("namespace A", StringComparison.Ordinal) &&
            s.SourceText.ToString().Contains("class Models", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("\"ollama\"", models, StringComparison.Ordinal);
        Assert.Contains("\"vllm\"", models, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDeclarationNoOutput()
    {
        GeneratorRun run = GeneratorHarness.Run(["internal static class Plain { }"], Infrastructure.RepresentativeDeclaration.VllmProfilesFile());
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.GeneratorDiagnostics);
    }
}

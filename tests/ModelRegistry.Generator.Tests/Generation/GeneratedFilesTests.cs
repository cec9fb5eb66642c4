using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>What the whole generator writes for a declaration: its baseline, the set of files, and that the result
/// compiles without a diagnostic. The tests that state the whole output run under the Roslyn SDK's testing package
/// (<see cref="RegistryGeneratorTest"/>); the others read parts of it through <see cref="GeneratorHarness"/>.</summary>
public sealed class GeneratedFilesTests
{
    /// <summary>The folder under Baselines/ that holds what the representative declaration generates.</summary>
    private const string RepresentativeBaseline = "RepresentativeDeclaration";

    [Fact]
    public async Task The_representative_declaration_generates_its_baseline_files_and_nothing_else()
    {
        if (Environment.GetEnvironmentVariable(BaselineFiles.UpdateVariable) == "1")
        {
            // Rewriting needs the generated text, which only the hand-made harness hands back.
            GeneratorRun run = GeneratorHarness.Run(Infrastructure.RepresentativeDeclaration.Sources, Infrastructure.RepresentativeDeclaration.VllmProfilesFile());
            foreach (GeneratedSourceResult source in run.GeneratedSources)
            {
                BaselineFiles.AssertMatches(RepresentativeBaseline, source.HintName, source.SourceText.ToString());
            }

            return;
        }

        Assert.Equal(["Contoso.AI.Models.g.cs"], BaselineFiles.HintNames(RepresentativeBaseline));
        RegistryGeneratorTest test = RepresentativeTest();
        foreach (string hintName in BaselineFiles.HintNames(RepresentativeBaseline))
        {
            test.TestState.GeneratedSources.Add((typeof(RegistryGenerator), hintName, SourceText.From(BaselineFiles.Expected(RepresentativeBaseline, hintName), Encoding.UTF8)));
        }

        // Exactly the baseline files, each equal to its baseline, and the result compiles without an error or a warning.
        await test.RunAsync();
    }

    [Fact]
    public void The_representative_declaration_compiles_without_diagnostics()
    {
        GeneratorRun run = GeneratorHarness.Run(Infrastructure.RepresentativeDeclaration.Sources, Infrastructure.RepresentativeDeclaration.VllmProfilesFile());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
    }

    [Fact]
    public void One_file_per_registry_class_even_when_its_attributes_span_partial_declarations()
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
    public async Task No_declaration_no_output()
    {
        // No generated file is expected, so any file fails the run, and so does any diagnostic.
        var test = new RegistryGeneratorTest();
        test.TestState.Sources.Add((TestCompilations.SourcePath, "internal static class Plain { }"));
        test.TestState.AdditionalFiles.Add((Infrastructure.RepresentativeDeclaration.VllmProfilesPath, Infrastructure.RepresentativeDeclaration.VllmProfiles));
        await test.RunAsync();
    }

    private static RegistryGeneratorTest RepresentativeTest()
    {
        var test = new RegistryGeneratorTest();
        foreach ((string source, int i) in Infrastructure.RepresentativeDeclaration.Sources.Select((source, i) => (source, i)))
        {
            test.TestState.Sources.Add((i == 0 ? TestCompilations.SourcePath : $"/src/Source{i}.cs", source));
        }

        test.TestState.AdditionalFiles.Add((Infrastructure.RepresentativeDeclaration.VllmProfilesPath, Infrastructure.RepresentativeDeclaration.VllmProfiles));
        return test;
    }
}

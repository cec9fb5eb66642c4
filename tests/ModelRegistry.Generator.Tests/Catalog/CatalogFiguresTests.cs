using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Generator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelRegistry.Generator.Tests.Catalog;

/// <summary>
/// The whole catalog's cost, measured where the test suite runs (the BenchmarkDotNet figures are
/// <c>tests/Benchmarks/Generator/CatalogGeneratorBenchmarks.cs</c>): the size it adds to the consumer's assembly, within a
/// budget, and the generator's first and cached run times, printed (run with <c>--logger "console;verbosity=detailed"</c>)
/// and checked only against a bound a busy machine stays far below.
/// </summary>
public sealed class CatalogFiguresTests(ITestOutputHelper output)
{
    private const string Declaration = "[ModelRegistry.ModelProvider(\"local\", Kind = \"openai-compatible\", BaseUrl = \"http://localhost:1234/v1\")] internal static partial class Models { }";

    /// <summary>207 profiles and typed ids: about 1.2 KB of IL, metadata and strings each.</summary>
    private const long SizeBudget = 400 * 1024;

    [Fact]
    public void The_whole_catalog_adds_less_than_its_size_budget_to_the_assembly()
    {
        CSharpCompilation compilation = TestCompilations.Create(Declaration);
        long with = AssemblySize(compilation, [new InMemoryAdditionalText(CatalogFiles.Path, CatalogFiles.Whole)]);
        long without = AssemblySize(compilation, []);
        output.WriteLine($"Assembly with the whole catalog: {with:N0} B; without: {without:N0} B; added: {with - without:N0} B");
        Assert.InRange(with - without, 1, SizeBudget);
    }

    [Fact]
    public void The_generator_runs_on_the_whole_catalog_well_within_a_second_and_reruns_from_the_cache()
    {
        CSharpCompilation compilation = TestCompilations.Create(Declaration);
        ImmutableArray<AdditionalText> files = [new InMemoryAdditionalText(CatalogFiles.Path, CatalogFiles.Whole)];
        Driver(files).RunGenerators(compilation.Clone()); // JIT warm-up, as BenchmarkDotNet's first iteration

        var firstRuns = new List<double>();
        GeneratorDriver warm = null!;
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            warm = Driver(files).RunGenerators(compilation.Clone());
            firstRuns.Add(clock.Elapsed.TotalMilliseconds);
        }

        // Keystrokes in an unrelated file, each a new compilation, each run by the previous run's driver.
        var cachedRuns = new List<double>();
        GeneratorRunResult cached = default;
        for (int i = 0; i < 5; i++)
        {
            Compilation edited = compilation.AddSyntaxTrees(TestCompilations.Parse($"internal static class Unrelated {{ public const int Edit = {i}; }}", "/src/Unrelated.cs"));
            var clock = Stopwatch.StartNew();
            warm = warm.RunGenerators(edited);
            cachedRuns.Add(clock.Elapsed.TotalMilliseconds);
            cached = warm.GetRunResult().Results.Single();
            IncrementalCaching.AssertReused(cached, GeneratorHarness.TrackingNames);
        }

        double median = firstRuns.Order().ElementAt(firstRuns.Count / 2);
        output.WriteLine($"First run (median of 5): {median:F1} ms; after an unrelated edit (median of 5): {cachedRuns.Order().ElementAt(2):F2} ms");
        Assert.All(cached.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.InRange(median, 0, 5_000);
    }

    private static long AssemblySize(CSharpCompilation compilation, ImmutableArray<AdditionalText> files)
    {
        Driver(files).RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out _);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = generated.Emit(image);
        Assert.True(result.Success, TestCompilations.Describe(result.Diagnostics));
        return image.Length;
    }

    private static GeneratorDriver Driver(ImmutableArray<AdditionalText> files) => CSharpGeneratorDriver.Create(
        [new RegistryGenerator().AsSourceGenerator()], files, TestCompilations.ParseOptions, optionsProvider: null,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
}

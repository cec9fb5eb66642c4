// The generator assembly is referenced under an alias: the analyzers, also referenced, link some of its types.
extern alias RegistryGeneratorAssembly;

using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RegistryGenerator = RegistryGeneratorAssembly::ModelRegistry.Generator.RegistryGenerator;

namespace Benchmarks.Generator;

/// <summary>
/// Target 5: the generator on 1,000 providers with 10 profiled models each (<see cref="LargeRegistrySource"/>), run
/// through a <see cref="CSharpGeneratorDriver"/> as the compiler and the IDE run it. <see cref="FirstRun"/> is a build
/// (a new driver on a compilation with cold symbols); <see cref="RunAfterUnrelatedEdit"/> is a keystroke in another
/// file with the driver of the previous run, where every step must come from the cache (the setup checks and prints
/// the step states).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<AdditionalText> _profiles;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = LargeRegistrySource.CreateCompilation();
        _profiles = LargeRegistrySource.CreateProfiles();
        _warmDriver = CreateDriver().RunGenerators(_compilation);
        _edited = LargeRegistrySource.EditUnrelatedFile(_compilation, edit: 1);

        GeneratorRunResult first = _warmDriver.GetRunResult().Results.Single();
        if (first.Exception is not null || first.GeneratedSources.Length != 1)
        {
            throw new InvalidOperationException($"The generator did not produce the one registry: {first.Exception}");
        }

        int profiles = first.GeneratedSources[0].SourceText.ToString().Split("new global::ModelRegistry.ModelProfile").Length - 1;
        Console.WriteLine($"// Generated: {first.GeneratedSources[0].HintName}, {first.GeneratedSources[0].SourceText.Length:N0} chars, {profiles:N0} profiles");
        if (profiles < LargeRegistrySource.Providers * LargeRegistrySource.ModelsPerProvider)
        {
            throw new InvalidOperationException($"Expected {LargeRegistrySource.Providers * LargeRegistrySource.ModelsPerProvider} profiles in the output, found {profiles}.");
        }

        // The step states of the incremental run: every step of the generator's own pipeline (its tracking names) and
        // its output must be reused; Roslyn's own input steps (the compilation itself) change with any edit.
        HashSet<string> ownSteps = typeof(RegistryGenerator).Assembly
            .GetType("ModelRegistry.Generator.TrackingNames", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Append("SourceOutput")
            .ToHashSet(StringComparer.Ordinal);
        GeneratorRunResult incremental = _warmDriver.RunGenerators(_edited).GetRunResult().Results.Single();
        var notReused = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string step, ImmutableArray<IncrementalGeneratorRunStep> runs) in incremental.TrackedSteps.Concat(incremental.TrackedOutputSteps))
        {
            IEnumerable<IncrementalStepRunReason> reasons = runs.SelectMany(run => run.Outputs).Select(output => output.Reason);
            string states = string.Join(", ", reasons.GroupBy(reason => reason).Select(group => $"{group.Key} x{group.Count()}"));
            bool own = ownSteps.Contains(step);
            reported.Add(step);
            Console.WriteLine($"// Step after unrelated edit: {step}{(own ? "" : " (Roslyn's)")}: {states}");
            if (own && reasons.Any(reason => reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
            {
                notReused.Add(step);
            }
        }

        if (!ownSteps.IsSubsetOf(reported))
        {
            throw new InvalidOperationException($"The run did not report the generator's steps {string.Join(", ", ownSteps.Except(reported))}: is step tracking on?");
        }

        if (notReused.Count > 0)
        {
            throw new InvalidOperationException($"An unrelated edit re-ran generator steps: {string.Join(", ", notReused)}.");
        }
    }

    /// <summary>A build: a new driver, and a clone of the compilation so no symbol is bound yet.</summary>
    [Benchmark]
    public GeneratorDriver FirstRun() => CreateDriver().RunGenerators(_compilation.Clone());

    /// <summary>A keystroke in an unrelated file: the previous run's driver on the edited compilation.</summary>
    [Benchmark]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    private GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new RegistryGenerator().AsSourceGenerator()],
        _profiles,
        new CSharpParseOptions(LanguageVersion.Latest),
        optionsProvider: null,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
}

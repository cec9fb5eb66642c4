using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// The one driver path of the tests: runs <see cref="RegistryGenerator"/> through a <see cref="CSharpGeneratorDriver"/> with
/// step tracking on, then asserts <see cref="IncrementalCaching"/> on that run, so that every test that runs the generator,
/// whatever its input, also proves that an equal compilation reuses every step and output.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The tracking names of the pipeline, found by reflection so a new step is checked without editing tests.</summary>
    public static IReadOnlyList<string> TrackingNames { get; } = typeof(RegistryGenerator).Assembly
        .GetType("ModelRegistry.Generator.TrackingNames", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>Runs the generator once on <paramref name="sources"/> and <paramref name="additionalTexts"/>, compiled by
    /// <see cref="TestCompilations"/>, and asserts <see cref="IncrementalCaching"/> on the run.</summary>
    public static GeneratorRun Run(string[] sources, params AdditionalText[] additionalTexts) =>
        Run(TestCompilations.Create(sources), additionalTexts);

    /// <summary>Runs the generator once on <paramref name="input"/> and asserts <see cref="IncrementalCaching"/> on the run;
    /// every generator run of the tests comes through here, the analyzer and code-fix harnesses' too.</summary>
    /// <param name="input">The user's compilation, made by <see cref="TestCompilations"/>.</param>
    /// <param name="additionalTexts">The AdditionalFiles of the build.</param>
    /// <param name="noCachingCheckBecause">Leaves the caching check out; a test that needs that says why here.</param>
    public static GeneratorRun Run(Compilation input, IEnumerable<AdditionalText> additionalTexts, string? noCachingCheckBecause = null) =>
        Run(new RegistryGenerator(), TrackingNames, input, additionalTexts, noCachingCheckBecause);

    /// <summary>Runs any incremental generator the way <see cref="Run(Compilation, IEnumerable{AdditionalText}, string?)"/> runs
    /// ours (the tests of the caching check itself run deliberately broken generators).</summary>
    public static GeneratorRun Run(
        IIncrementalGenerator generator,
        IReadOnlyCollection<string> stepNames,
        Compilation input,
        IEnumerable<AdditionalText> additionalTexts,
        string? noCachingCheckBecause = null)
    {
        if (noCachingCheckBecause is not null && string.IsNullOrWhiteSpace(noCachingCheckBecause))
        {
            throw new ArgumentException("Say why the caching check does not apply.", nameof(noCachingCheckBecause));
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [generator.AsSourceGenerator()],
                additionalTexts,
                TestCompilations.ParseOptions,
                optionsProvider: null,
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        if (noCachingCheckBecause is null)
        {
            IncrementalCaching.AssertRerunOnACloneReusesEverything(driver, input, stepNames);
        }

        return new GeneratorRun(driver, input, output, generatorDiagnostics);
    }
}

/// <summary>The result of one generator run.</summary>
/// <param name="Driver">The driver after the run; run it again on an edited input to test what reruns.</param>
/// <param name="Input">The user's compilation.</param>
/// <param name="Output">The user's compilation with the generated sources added.</param>
/// <param name="GeneratorDiagnostics">What the driver reported (a generator failure is CS8785 here).</param>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    public IReadOnlyList<GeneratedSourceResult> GeneratedSources => Result.GeneratedSources;

    public string SourceText(string hintName) => GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

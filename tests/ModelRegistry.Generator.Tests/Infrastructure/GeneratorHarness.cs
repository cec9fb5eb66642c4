using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="RegistryGenerator"/> through a <see cref="CSharpGeneratorDriver"/> with step tracking on.</summary>
internal static class GeneratorHarness
{
    /// <summary>The tracking names of the pipeline, found by reflection so a new step is checked without editing tests.</summary>
    public static IReadOnlyList<string> TrackingNames { get; } = typeof(RegistryGenerator).Assembly
        .GetType("ModelRegistry.Generator.TrackingNames", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) =>
        CSharpGeneratorDriver.Create(
            [new RegistryGenerator().AsSourceGenerator()],
            additionalTexts,
            TestCompilations.ParseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once on <paramref name="sources"/> and <paramref name="additionalTexts"/>.</summary>
    public static GeneratorRun Run(string[] sources, params AdditionalText[] additionalTexts)
    {
        CSharpCompilation input = TestCompilations.Create(sources);
        GeneratorDriver driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(
            input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, input, output, generatorDiagnostics);
    }
}

/// <summary>The result of one generator run.</summary>
/// <param name="Driver">The driver after the run; run it again to test caching.</param>
/// <param name="Input">The user's compilation.</param>
/// <param name="Output">The user's compilation with the generated sources added.</param>
/// <param name="GeneratorDiagnostics">What the driver reported (a generator failure is CS8785 here).</param>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    public IReadOnlyList<GeneratedSourceResult> GeneratedSources => Result.GeneratedSources;

    public string SourceText(string hintName) => GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

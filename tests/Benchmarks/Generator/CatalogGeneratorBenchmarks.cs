// The generator assembly is referenced under an alias: the analyzers, also referenced, link some of its types.
extern alias RegistryGeneratorAssembly;

using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Benchmarks.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using RegistryGenerator = RegistryGeneratorAssembly::ModelRegistry.Generator.RegistryGenerator;

namespace Benchmarks.Generator;

/// <summary>
/// The generator on the whole models.dev catalog (<c>tests/fixtures/models.dev/api.json</c>: 47 providers, 687 models, of
/// which the built-in providers map 207) and one declared provider: <see cref="FirstRun"/> is a build, <see
/// cref="RunAfterUnrelatedEdit"/> a keystroke in another file (every step cached). The setup prints the size the catalog
/// adds to the consumer's assembly: the registry emitted and compiled with the catalog and without it.
/// </summary>
[MemoryDiagnoser]
public class CatalogGeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<AdditionalText> _catalog;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = LargeRegistrySource.CreateCompilation(providers: 1);
        _catalog = [new CatalogText(RepositoryPaths.Fixture("models.dev/api.json"))];
        _warmDriver = CreateDriver(_catalog).RunGenerators(_compilation);
        _edited = LargeRegistrySource.EditUnrelatedFile(_compilation, edit: 1);

        long with = AssemblySize(_warmDriver, _compilation);
        long without = AssemblySize(CreateDriver([]).RunGenerators(_compilation), _compilation);
        Console.WriteLine($"// Assembly with the catalog: {with:N0} B, without: {without:N0} B, added: {with - without:N0} B");

        // The generator's own steps (its tracking names) and its output; Roslyn's input steps change with any edit.
        HashSet<string> ownSteps = typeof(RegistryGenerator).Assembly
            .GetType("ModelRegistry.Generator.TrackingNames", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Append("SourceOutput")
            .ToHashSet(StringComparer.Ordinal);
        GeneratorRunResult incremental = _warmDriver.RunGenerators(_edited).GetRunResult().Results.Single();
        List<string> rerun = incremental.TrackedSteps.Concat(incremental.TrackedOutputSteps)
            .Where(step => ownSteps.Contains(step.Key)
                && step.Value.SelectMany(run => run.Outputs).Any(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
            .Select(step => step.Key).ToList();
        if (rerun.Count > 0)
        {
            throw new InvalidOperationException($"An unrelated edit re-ran steps: {string.Join(", ", rerun)}.");
        }
    }

    /// <summary>A build: a new driver, and a clone of the compilation so no symbol is bound yet.</summary>
    [Benchmark]
    public GeneratorDriver FirstRun() => CreateDriver(_catalog).RunGenerators(_compilation.Clone());

    /// <summary>A keystroke in an unrelated file: the previous run's driver on the edited compilation.</summary>
    [Benchmark]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    private static long AssemblySize(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Emit(image);
        return result.Success
            ? image.Length
            : throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }

    private static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> files) => CSharpGeneratorDriver.Create(
        [new RegistryGenerator().AsSourceGenerator()],
        files,
        new CSharpParseOptions(LanguageVersion.Latest),
        optionsProvider: null,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private sealed class CatalogText(string path) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(File.ReadAllText(path), Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Testing.Model;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// <see cref="RegistryGenerator"/> under Microsoft.CodeAnalysis.CSharp.SourceGenerators.Testing 1.1.4, for the tests that
/// state the whole output: the exact set of generated files with their full text (a mismatch shows a line diff), the
/// generator's diagnostics (none) and the compiler's errors and warnings on the result. Tests that read parts of the output,
/// load it, edit the input between runs or run hundreds of inputs keep <see cref="GeneratorHarness"/>.
/// <list type="bullet">
/// <item>The verifier is the package's <see cref="DefaultVerifier"/> (it throws on a mismatch, which xunit reports as a
/// failure), so the <c>.XUnit</c> variant, which is not served here and whose verifier packages are obsolete since 1.1.2,
/// is not needed. Roslyn 4.14 works: the package drives the generator through its own light-up driver.</item>
/// <item>The package's <see cref="ReferenceAssemblies"/> resolve through NuGet even when they name no package: they read
/// the user's <c>~/.nuget/NuGet/NuGet.Config</c> and lock <c>/tmp/test-packages</c> and <c>/tmp/NuGetScratch*</c>, outside
/// the repository. <see cref="CreateSolutionAsync"/> is replaced so the project gets <see cref="TestCompilations.References"/>
/// instead and nothing is resolved.</item>
/// <item>Its driver does not track steps and its run is not exposed, so <see cref="GetProjectCompilationAsync"/> puts the
/// same input through <see cref="GeneratorHarness"/> first: these tests check caching like every other generator test.</item>
/// <item>It pulls lower bounds that are not served here (DiffPlex 1.7.2, Microsoft.VisualStudio.Composition 16.1.8, …); NuGet
/// resolves the next served versions, and the project file turns off NU1603 for that reason.</item>
/// </list>
/// </summary>
internal sealed class RegistryGeneratorTest : CSharpSourceGeneratorTest<RegistryGenerator, DefaultVerifier>
{
    public RegistryGeneratorTest()
    {
        // Warnings count, as in a user's build with TreatWarningsAsErrors.
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    /// <summary>The path under which the package reports a generated file of ours.</summary>
    public static string GeneratedPath(string hintName) =>
        Path.Combine(typeof(RegistryGenerator).Assembly.GetName().Name!, typeof(RegistryGenerator).FullName!, hintName);

    protected override async Task<Solution> CreateSolutionAsync(ProjectId projectId, EvaluatedProjectState projectState, CancellationToken cancellationToken)
    {
        Workspace workspace = await CreateWorkspaceAsync();
        return workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            projectState.Name,
            projectState.AssemblyName,
            projectState.Language,
            compilationOptions: CreateCompilationOptions(),
            parseOptions: CreateParseOptions(),
            metadataReferences: TestCompilations.References));
    }

    protected override ParseOptions CreateParseOptions() => TestCompilations.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => TestCompilations.Options;

    protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(
        Project project, IVerifier verifier, CancellationToken cancellationToken)
    {
        Compilation input = (await project.GetCompilationAsync(cancellationToken))!;
        GeneratorHarness.Run(input, project.AnalyzerOptions.AdditionalFiles);
        return await base.GetProjectCompilationAsync(project, verifier, cancellationToken);
    }
}

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>Incremental caching, in the style of NetEscapades.EnumGenerators: rerunning on an equal or unrelatedly edited
/// compilation reuses every step and output; editing a profile file reruns only the profile path.</summary>
public sealed class CachingTests
{
    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void EveryStepIsTracked()
    {
        GeneratorRun run = RunRepresentative();
        Assert.Equal(
            GeneratorHarness.TrackingNames.Order(StringComparer.Ordinal),
            run.Result.TrackedSteps.Keys.Where(GeneratorHarness.TrackingNames.Contains).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RerunningOnAClonedCompilationReusesEverything()
    {
        GeneratorRun first = RunRepresentative();
        GeneratorRunResult second = first.Driver.RunGenerators((Compilation)first.Input.Clone()).GetRunResult().Results.Single();
        AssertAllReused(second, GeneratorHarness.TrackingNames);
    }

    [Fact]
    public void AnUnrelatedSyntaxTreeEditReusesEverything()
    {
        GeneratorRun first = RunRepresentative();
        Compilation edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal static class Unrelated { }", TestCompilations.ParseOptions, path: "Unrelated.cs"));
        GeneratorRunResult second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertAllReused(second, GeneratorHarness.TrackingNames);
    }

    [Fact]
    public void AnEditToTheRegistryClassBodyReusesTheOutput()
    {
        GeneratorRun first = RunRepresentative();
        SyntaxTree registryTree = first.Input.SyntaxTrees.First();
        SyntaxTree editedTree = registryTree.WithChangedText(registryTree.GetText().Replace(
            registryTree.GetText().ToString().IndexOf("{\n    }", StringComparison.Ordinal), 7, "{\n        internal const int Unrelated = 1;\n    }"));
        GeneratorRunResult second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(registryTree, editedTree)).GetRunResult().Results.Single();
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, Reused));
    }

    [Fact]
    public void AProfileEditRerunsOnlyTheProfilePath()
    {
        InMemoryAdditionalText profiles = RepresentativeDeclaration.VllmProfilesFile();
        GeneratorRun first = GeneratorHarness.Run(RepresentativeDeclaration.Sources, profiles);
        GeneratorDriver driver = first.Driver.ReplaceAdditionalText(
            profiles,
            RepresentativeDeclaration.VllmProfilesFile(RepresentativeDeclaration.VllmProfiles.Replace("32768", "40960", StringComparison.Ordinal)));
        GeneratorRunResult second = driver.RunGenerators(first.Input).GetRunResult().Results.Single();

        AssertAllReused(second, [TrackingNames.ProviderDeclarations, TrackingNames.RegistryClasses], checkOutputs: false);
        Assert.Contains(second.TrackedSteps[TrackingNames.ProfileFiles].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.TrackedSteps[TrackingNames.Registries].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("MaxInputTokens = 40960", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StepOutputsHoldNoCompilerObjects()
    {
        GeneratorRun run = RunRepresentative();
        // Only the pipeline's own steps: Roslyn's internal ForAttributeWithMetadataName steps legitimately hold syntax.
        foreach (KeyValuePair<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> step in
            run.Result.TrackedSteps.Where(s => GeneratorHarness.TrackingNames.Contains(s.Key)))
        {
            foreach ((object value, IncrementalStepRunReason _) in step.Value.SelectMany(s => s.Outputs))
            {
                AssertHoldsNoCompilerObjects(value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static GeneratorRun RunRepresentative() =>
        GeneratorHarness.Run(RepresentativeDeclaration.Sources, RepresentativeDeclaration.VllmProfilesFile());

    private static void AssertAllReused(GeneratorRunResult result, IEnumerable<string> stepNames, bool checkOutputs = true)
    {
        foreach (string name in stepNames)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"Step {name} did not run.");
            Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.True(Reused.Contains(output.Reason), $"{name}: {output.Reason}"));
        }

        if (checkOutputs)
        {
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }

    private static void AssertHoldsNoCompilerObjects(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Compilation or Location or SemanticModel or SyntaxTree,
            $"Step {step} holds a {value.GetType().Name}, which keeps compilations alive and defeats caching.");

        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                AssertHoldsNoCompilerObjects(item, step, visited);
            }

            return;
        }

        Type type = value.GetType();
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), step, visited);
        }
    }
}

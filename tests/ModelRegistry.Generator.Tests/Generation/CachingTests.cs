using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>Incremental caching, in the style of NetEscapades.EnumGenerators: rerunning on an equal or unrelatedly edited
/// compilation reuses every step and output; editing a profile file reruns only the profile path. (Every generator run of
/// every test asserts the equal-compilation case through <see cref="GeneratorHarness"/>; these tests add the edits.)</summary>
public sealed class CachingTests
{
    [Fact]
    public void Every_step_is_tracked()
    {
        GeneratorRun run = RunRepresentative();
        Assert.Equal(
            GeneratorHarness.TrackingNames.Order(StringComparer.Ordinal),
            run.Result.TrackedSteps.Keys.Where(GeneratorHarness.TrackingNames.Contains).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rerunning_on_a_cloned_compilation_reuses_everything()
    {
        GeneratorRun first = RunRepresentative();
        IncrementalCaching.AssertRerunOnACloneReusesEverything(first.Driver, first.Input, GeneratorHarness.TrackingNames);
    }

    [Fact]
    public void An_unrelated_syntax_tree_edit_reuses_everything()
    {
        GeneratorRun first = RunRepresentative();
        Compilation edited = first.Input.AddSyntaxTrees(TestCompilations.Parse("internal static class Unrelated { }", "/src/Unrelated.cs"));
        GeneratorRunResult second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertAllReused(second, GeneratorHarness.TrackingNames);
    }

    [Fact]
    public void An_edit_to_the_registry_class_body_reuses_the_output()
    {
        GeneratorRun first = RunRepresentative();
        SyntaxTree registryTree = first.Input.SyntaxTrees.First();
        SyntaxTree editedTree = registryTree.WithChangedText(registryTree.GetText().Replace(
            registryTree.GetText().ToString().IndexOf("{\n    }", StringComparison.Ordinal), 7, "{\n        internal const int Unrelated = 1;\n    }"));
        GeneratorRunResult second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(registryTree, editedTree)).GetRunResult().Results.Single();
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, IncrementalCaching.Reused));
    }

    [Fact]
    public void A_profile_edit_reruns_only_the_profile_path()
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

    private static GeneratorRun RunRepresentative() =>
        GeneratorHarness.Run(RepresentativeDeclaration.Sources, RepresentativeDeclaration.VllmProfilesFile());

    private static void AssertAllReused(GeneratorRunResult result, IReadOnlyCollection<string> stepNames, bool checkOutputs = true)
    {
        foreach (string name in stepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} did not run.");
        }

        IncrementalCaching.AssertReused(result, stepNames);
        if (checkOutputs)
        {
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }
}

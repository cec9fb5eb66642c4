using Microsoft.CodeAnalysis;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Catalog;

/// <summary>The whole catalog is parsed once: an unrelated C# edit reuses every step and output, and an edit to a profile
/// file re-parses that file only (the catalog's parse is reused) before the merge and emission rerun.</summary>
public sealed class CatalogCachingTests
{
    private const string Declaration = "[ModelRegistry.ModelProvider(\"local\", Kind = \"openai-compatible\", BaseUrl = \"http://localhost:1234/v1\")] internal static partial class Models { }";
    private const string ProfilePath = "/app/profiles/deepseek.json";
    private const string Profile = """{ "provider": "deepseek", "models": { "deepseek-chat": { "max_output_tokens": 4096 } } }""";

    [Fact]
    public void An_unrelated_edit_reuses_every_step_and_output()
    {
        GeneratorRun first = Run();
        Compilation edited = first.Input.AddSyntaxTrees(TestCompilations.Parse("internal static class Unrelated { }", "/src/Unrelated.cs"));
        GeneratorRunResult second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string name in GeneratorHarness.TrackingNames)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"Step {name} did not run.");
        }

        IncrementalCaching.AssertReused(second, GeneratorHarness.TrackingNames);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_profile_edit_does_not_parse_the_catalog_again()
    {
        var profile = new InMemoryAdditionalText(ProfilePath, Profile);
        GeneratorRun first = Run(profile);
        GeneratorDriver driver = first.Driver.ReplaceAdditionalText(profile, new InMemoryAdditionalText(ProfilePath, Profile.Replace("4096", "2048", StringComparison.Ordinal)));
        GeneratorRunResult second = driver.RunGenerators(first.Input).GetRunResult().Results.Single();

        IncrementalStepRunReason[] fileReasons = second.TrackedSteps[TrackingNames.ProfileFiles].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(2, fileReasons.Length);
        Assert.Single(fileReasons, IncrementalStepRunReason.Modified);
        Assert.Single(fileReasons, r => IncrementalCaching.Reused.Contains(r));
        Assert.Contains("MaxOutputTokens = 2048", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    private static GeneratorRun Run(params AdditionalText[] extra) =>
        GeneratorHarness.Run([Declaration], [new InMemoryAdditionalText(CatalogFiles.Path, CatalogFiles.Whole), .. extra]);
}

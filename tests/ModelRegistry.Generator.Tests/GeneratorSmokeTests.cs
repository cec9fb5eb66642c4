namespace ModelRegistry.Generator.Tests;

public sealed class GeneratorSmokeTests
{
    [Fact]
    public void CompatibilityLayersOverrideOnlyWhatTheySet()
    {
        CompatibilitySpec merged = CompatibilitySpec.Defaults.OverriddenBy(CompatibilitySpec.Unset with { IncludeUsage = false });
        Assert.Equal(false, merged.IncludeUsage);
        Assert.Equal("discard", merged.ReasoningContentKeepType);
    }
}

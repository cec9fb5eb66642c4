using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Emitter;

/// <summary>The emitted source of a hand-built spec against its checked-in baseline (independent of the parsers).</summary>
public sealed class EmitterBaselineTests
{
    [Fact]
    public void RepresentativeSpec()
    {
        RegistrySpec spec = SampleRegistrySpecs.Representative();
        BaselineFiles.AssertMatches(nameof(RepresentativeSpec), spec.Class.HintName, RegistryEmitter.Emit(spec));
    }

    [Fact]
    public void EmissionIsDeterministic() =>
        Assert.Equal(RegistryEmitter.Emit(SampleRegistrySpecs.Representative()), RegistryEmitter.Emit(SampleRegistrySpecs.Representative()));
}

using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Emitter;

/// <summary>The emitted source of a hand-built spec against its checked-in baseline (independent of the parsers).</summary>
public sealed class EmitterBaselineTests
{
    /// <summary>The folder under Baselines/ that holds this test's expected output.</summary>
    private const string BaselineFolder = "RepresentativeSpec";

    [Fact]
    public void The_representative_spec_emits_its_baseline()
    {
        RegistrySpec spec = SampleRegistrySpecs.Representative();
        BaselineFiles.AssertMatches(BaselineFolder, spec.Class.HintName, RegistryEmitter.Emit(spec));
    }

    /// <summary>Two equal specs built apart emit the same text: nothing in emission depends on hashing or object identity.</summary>
    [Fact]
    public void Emission_is_deterministic()
    {
        string first = RegistryEmitter.Emit(SampleRegistrySpecs.Representative());
        string second = RegistryEmitter.Emit(SampleRegistrySpecs.Representative());
        Assert.Equal(first, second);
    }
}

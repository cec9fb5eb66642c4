using ModelRegistry.Compiler;
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

    /// <summary>Two equal specs built apart emit the same text: nothing in emission depends on hashing or object identity.</summary>
    [Fact]
    public void EmissionIsDeterministic()
    {
        string first = RegistryEmitter.Emit(SampleRegistrySpecs.Representative());
        string second = RegistryEmitter.Emit(SampleRegistrySpecs.Representative());
        Assert.Equal(first, second);
    }
}

using Microsoft.CodeAnalysis;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>The caching check that <see cref="GeneratorHarness"/> applies to every generator run catches what it is there
/// for: two deliberately broken generators fail it, each for its own reason.</summary>
public sealed class CachingCheckTests
{
    private const string StepName = "Broken";

    [Fact]
    public void A_step_that_holds_a_compilation_fails_the_check()
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => RunBroken(new CompilationHoldingGenerator()));
        Assert.Contains($"Step {StepName} holds a", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_whose_value_is_not_equatable_fails_the_check_on_an_equal_compilation()
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => RunBroken(new ReferenceEqualityGenerator()));
        Assert.Contains($"Step {StepName} was {IncrementalStepRunReason.Modified}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opt_out_must_say_why()
    {
        Assert.Throws<ArgumentException>(() => GeneratorHarness.Run(TestCompilations.Create("class C { }"), [], noCachingCheckBecause: " "));
    }

    private static GeneratorRun RunBroken(IIncrementalGenerator generator) =>
        GeneratorHarness.Run(generator, [StepName], TestCompilations.Create("internal static class C { }"), []);

    /// <summary>Carries the compilation itself through a tracked step, as a generator that combines it into its model does.</summary>
    private sealed class CompilationHoldingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<Compilation> held = context.CompilationProvider.Select((c, _) => c).WithTrackingName(StepName);
            context.RegisterSourceOutput(held, (output, _) => output.AddSource("Held.g.cs", "internal static class Held { }"));
        }
    }

    /// <summary>Computes a model with reference equality: equal inputs still give a new, unequal value.</summary>
    private sealed class ReferenceEqualityGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<Model> model = context.CompilationProvider
                .Select((c, _) => new Model(c.AssemblyName ?? string.Empty))
                .WithTrackingName(StepName);
            context.RegisterSourceOutput(model, (output, m) => output.AddSource("Model.g.cs", $"// {m.Name}"));
        }

        private sealed class Model(string name)
        {
            public string Name { get; } = name;
        }
    }
}

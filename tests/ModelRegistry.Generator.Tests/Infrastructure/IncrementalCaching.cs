using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// The caching check of NetEscapades.EnumGenerators, which <see cref="GeneratorHarness"/> applies to every generator run:
/// rerun the driver on a clone of the same compilation and require every tracked step of the pipeline to be
/// <see cref="IncrementalStepRunReason.Cached"/> or <see cref="IncrementalStepRunReason.Unchanged"/> and every output
/// <see cref="IncrementalStepRunReason.Cached"/>; and walk the outputs of those steps for compiler objects
/// (<see cref="Compilation"/>, <see cref="ISymbol"/>, <see cref="SyntaxNode"/>, …), which keep compilations alive and make
/// every edit rerun the pipeline.
/// </summary>
internal static class IncrementalCaching
{
    public static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>Asserts the check on a run of <paramref name="driver"/> over <paramref name="input"/>.</summary>
    /// <param name="driver">The driver after its first run on <paramref name="input"/>.</param>
    /// <param name="input">The compilation of that run.</param>
    /// <param name="stepNames">The tracking names of the generator's own steps. Roslyn's internal steps (those of
    /// <c>ForAttributeWithMetadataName</c>) are left out: they legitimately hold syntax.</param>
    public static void AssertRerunOnACloneReusesEverything(GeneratorDriver driver, Compilation input, IReadOnlyCollection<string> stepNames)
    {
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.True(first.Exception is null, $"The generator threw: {first.Exception}");
        foreach ((string name, ImmutableArray<IncrementalGeneratorRunStep> steps) in OwnSteps(first, stepNames))
        {
            foreach ((object value, IncrementalStepRunReason _) in steps.SelectMany(s => s.Outputs))
            {
                AssertHoldsNoCompilerObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        GeneratorRunResult second = driver.RunGenerators((Compilation)input.Clone()).GetRunResult().Results.Single();
        AssertReused(second, stepNames);
        Assert.All(
            second.TrackedOutputSteps.SelectMany(s => s.Value.SelectMany(step => step.Outputs.Select(output => (s.Key, output.Reason)))),
            output => Assert.True(output.Reason == IncrementalStepRunReason.Cached, $"Output {output.Key} was {output.Reason} on an equal compilation."));
    }

    /// <summary>Asserts that every output of each step in <paramref name="stepNames"/> that ran was reused.</summary>
    public static void AssertReused(GeneratorRunResult result, IEnumerable<string> stepNames)
    {
        foreach ((string name, ImmutableArray<IncrementalGeneratorRunStep> steps) in OwnSteps(result, stepNames))
        {
            Assert.All(steps.SelectMany(s => s.Outputs),
                output => Assert.True(Reused.Contains(output.Reason), $"Step {name} was {output.Reason} on an equal compilation."));
        }
    }

    private static IEnumerable<KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>>> OwnSteps(GeneratorRunResult result, IEnumerable<string> stepNames)
    {
        var names = stepNames.ToHashSet(StringComparer.Ordinal);
        return result.TrackedSteps.Where(s => names.Contains(s.Key));
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

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), step, visited);
        }
    }
}

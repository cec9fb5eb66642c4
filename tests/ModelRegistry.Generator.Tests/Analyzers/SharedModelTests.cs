using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelRegistry.Analyzers;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>
/// The analyzers build the registry model once per compilation: the declaration rules (<see cref="RegistryAnalyzer"/>)
/// and the call-site rules (<see cref="ModelIdAnalyzer"/>) read the same parsed files and the same built registry.
/// </summary>
public sealed class SharedModelTests
{
    [Fact]
    public async Task Both_analyzers_report_from_one_read_of_the_files_and_one_build_of_each_registry()
    {
        ConcurrentDictionary<string, int> counts = BuildCounts();
        string assembly = "SharedModel" + Guid.NewGuid().ToString("N");
        Compilation compilation = TestCompilations.CreateForAnalyzers("""
            using ModelRegistry;
            [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
            public static partial class Models { }
            public static class Calls
            {
                public static void Run() => Models.LoadChatModel("vllm:qwen3-4x");
            }
            """).WithAssemblyName(assembly);

        AnalyzerHarness.AnalyzerRun run = await AnalyzerHarness.RunAsync(
            compilation,
            ("/app/profiles/vllm.json", """{ "provider": "vllm", "models": { "qwen3-4b": {} } }"""),
            ("/app/profiles/ghost.json", """{ "provider": "ghost", "models": { "g": {} } }"""));

        Assert.Empty(run.Exceptions);
        // Both analyzers ran on the model: the call site (MR0016) and the cross-file rule (MR0007) are reported.
        Assert.Contains(run.Diagnostics, d => d.Id == "MR0016");
        Assert.Contains(run.Diagnostics, d => d.Id == "MR0007");
        Assert.Equal(1, counts.GetValueOrDefault(assembly + "/files"));
        Assert.Equal(1, counts.GetValueOrDefault(assembly + "/registries"));
    }

    /// <summary>Switches the analyzers' build counter on (it is internal to the analyzer assembly, whose copy of the
    /// compiler core the tests cannot see beside the generator's).</summary>
    private static ConcurrentDictionary<string, int> BuildCounts()
    {
        FieldInfo field = typeof(RegistryAnalyzer).Assembly.GetType("ModelRegistry.Analyzers.RegistryCompilationModel", throwOnError: true)!
            .GetField("BuildCounts", BindingFlags.NonPublic | BindingFlags.Static)!;
        lock (field)
        {
            if (field.GetValue(null) is not ConcurrentDictionary<string, int> counts)
            {
                counts = new ConcurrentDictionary<string, int>();
                field.SetValue(null, counts);
            }

            return counts;
        }
    }
}

extern alias RegistryGeneratorAssembly;

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.AI;
using ModelRegistry;
using ModelRegistry.Analyzers;
using RegistryGenerator = RegistryGeneratorAssembly::ModelRegistry.Generator.RegistryGenerator;

namespace Benchmarks.Analyzers;

/// <summary>
/// What the ModelRegistry analyzers add to a build: a generated project of <see cref="FileCount"/> files, each with a
/// few <c>LoadChatModel</c> calls (combined ids, the nested provider class, a typed id) and a settings initializer,
/// plus a registry class with three providers and a 200-model profile file. <see cref="CompilerOnly"/> is the
/// compiler's own work (binding and diagnostics of a fresh clone); <see cref="CompilerWithDriverOnly"/> adds the
/// analyzer driver with one analyzer that does nothing (what any analyzer costs a build); <see cref="CompilerWithAnalyzers"/>
/// adds every ModelRegistry analyzer. The last two differ by what the MR rules themselves cost. Not part of the CI run
/// (its filter is <c>*Lookup*</c>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AnalyzerCostBenchmarks
{
    private const int ProfiledModels = 200;

    private static readonly ImmutableArray<DiagnosticAnalyzer> AllAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new RegistryAnalyzer(), new ModelIdAnalyzer(), new SettingsSecretAnalyzer(), new RegistryClassModifiersAnalyzer(), new CapabilityAnalyzer());

    private Compilation _compilation = null!;
    private AnalyzerOptions _options = null!;

    /// <summary>Files of the project besides the registry class.</summary>
    [Params(2000)]
    public int FileCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree>(FileCount + 1) { CSharpSyntaxTree.ParseText(RegistrySource, parseOptions, path: "/bench/Models.cs") };
        for (int i = 0; i < FileCount; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(CallerSource(i), parseOptions, path: $"/bench/Callers/Caller{i}.cs"));
        }

        ImmutableArray<AdditionalText> additionalFiles = [new BenchmarkAdditionalText("/bench/profiles/vllm.json", ProfileJson())];
        CSharpCompilation input = CSharpCompilation.Create(
            "AnalyzerCostProject",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // The generated registry is part of every build the analyzers see; it is generated once here.
        CSharpGeneratorDriver.Create([new RegistryGenerator().AsSourceGenerator()], additionalFiles, parseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out _compilation, out _);
        _options = new AnalyzerOptions(additionalFiles);

        int errors = _compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            throw new InvalidOperationException($"The synthetic project does not compile ({errors} errors).");
        }
    }

    [Benchmark(Baseline = true)]
    public int CompilerOnly() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark]
    public int CompilerWithDriverOnly() =>
        _compilation.Clone().WithAnalyzers([new NoOpAnalyzer()], _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    [Benchmark]
    public int CompilerWithAnalyzers() =>
        _compilation.Clone().WithAnalyzers(AllAnalyzers, _options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    private const string RegistrySource = """
        using ModelRegistry;

        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1", Profiles = "profiles/vllm.json",
            SupportedToolChoice = ["auto", "required"], ReasoningContentKeepType = "temp")]
        [ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "https://api.acme.example/v1", Headers = ["X-Title: bench"])]
        [ModelProvider("edge", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9000/v1")]
        public static partial class Models { }
        """;

    private static string CallerSource(int index)
    {
        string model = "model-" + (index % ProfiledModels).ToString(CultureInfo.InvariantCulture);
        return $$"""
            using System;
            using Microsoft.Extensions.AI;
            using ModelRegistry;

            namespace Bench.Callers;

            public static class Caller{{index}}
            {
                public static IChatClient Combined() => Models.LoadChatModel("vllm:{{model}}");

                public static IChatClient Nested() => Models.Vllm.LoadChatModel("{{model}}", new ChatModelSettings { Temperature = 0.2f, MaxTokens = {{index}} });

                public static IChatClient Typed(string fromConfiguration) =>
                    Models.LoadChatModel(new ChatModelId("acme", "chat-{{index}}"), new ChatModelSettings { ApiKey = fromConfiguration });

                public static int Unrelated(int value) => value * {{index}} + "x".Length;
            }
            """;
    }

    private static string ProfileJson()
    {
        var json = new StringBuilder("{ \"provider\": \"vllm\", \"models\": {\n");
        for (int i = 0; i < ProfiledModels; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $"  \"model-{i}\": {{ \"max_input_tokens\": 32768, \"tool_calling\": true, \"aliases\": [\"m{i}\"] }}");
            json.Append(i + 1 < ProfiledModels ? ",\n" : "\n");
        }

        return json.Append("} }").ToString();
    }

    private static ImmutableArray<MetadataReference> References()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Concat([typeof(ModelProfile).Assembly.Location, typeof(IChatClient).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>A profile file held in memory.</summary>
    private sealed class BenchmarkAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>
    /// An analyzer that visits every type and reports nothing: the driver's own cost. Its rule is enabled (the driver
    /// skips analyzers whose rules are all off). A benchmark double that no compiler ever loads, so the rules for
    /// shipped compiler extensions (target framework, release tracking) do not apply.
    /// </summary>
#pragma warning disable RS1036, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("BENCH0001", "Unused", "Unused", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Unused];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}

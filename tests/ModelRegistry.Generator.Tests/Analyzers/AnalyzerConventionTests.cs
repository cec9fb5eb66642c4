using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>What every analyzer promises, checked by reflection so that a new analyzer cannot skip it: concurrent
/// execution, generated code skipped; and a severity set in <c>.editorconfig</c> applies to the new rules.</summary>
public sealed class AnalyzerConventionTests
{
    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (DiagnosticAnalyzer analyzer in AnalyzerHarness.Analyzers)
        {
            data.Add(analyzer.GetType().Name);
        }

        return data;
    }

    [Fact]
    public void Every_analyzer_is_found() =>
        Assert.Equal(
            ["CapabilityAnalyzer", "ModelIdAnalyzer", "RegistryAnalyzer", "RegistryClassModifiersAnalyzer", "SettingsSecretAnalyzer"],
            AnalyzerHarness.Analyzers.Select(a => a.GetType().Name).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Every_analyzer_runs_concurrently_and_skips_generated_code(string name)
    {
        DiagnosticAnalyzer analyzer = AnalyzerHarness.Analyzers.Single(a => a.GetType().Name == name);
        var context = new RecordingAnalysisContext();

        analyzer.Initialize(context);

        Assert.True(context.ConcurrentExecution);
        Assert.Equal(GeneratedCodeAnalysisFlags.None, context.GeneratedCode);
    }

    [Fact]
    public async Task Severities_from_editorconfig_apply_to_call_site_rules()
    {
        Project project = CodeFixHarness.CreateProject("""
            using ModelRegistry;
            [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
            public static partial class Models { }
            public static class Calls
            {
                public static object Run() => Models.LoadChatModel("vllm:qwen3-8b");
                public static object Bad() => Models.LoadChatModel("vlm:qwen3-4b");
            }
            """, ("/src/profiles/vllm.json", """{ "provider": "vllm", "models": { "qwen3-4b": {} } }"""));
        project = project.AddAnalyzerConfigDocument(".editorconfig", SourceText.From("""
            root = true

            [*.cs]
            dotnet_diagnostic.MR0016.severity = error
            dotnet_diagnostic.MR0015.severity = none
            """), filePath: "/src/.editorconfig").Project;

        ImmutableArray<Diagnostic> diagnostics = await CodeFixHarness.AnalyzeAsync(project);

        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Id == "MR0016").Severity);
        Assert.DoesNotContain(diagnostics, d => d.Id == "MR0015");
    }

    /// <summary>Records what an analyzer's <c>Initialize</c> configures; registrations themselves are ignored.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) { }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) { }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) { }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) { }
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.AI;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// The one place that decides how every compiler test compiles C#: the generator, emitter, parser, analyzer and code-fix
/// tests (the fixes' <c>AdhocWorkspace</c> project takes the same options). Like a user's project: C# 12 (the oldest language
/// version the generated code promises), nullable on, documentation comments checked (CS1591 shows), the framework, the
/// ModelRegistry runtime, Microsoft.Extensions.AI.Abstractions (user <c>IChatClient</c> types), Logging and
/// DependencyInjection abstractions (keyed services). Warnings are errors, as in a user's build with
/// <c>TreatWarningsAsErrors</c>, except where analyzer diagnostics are read (<see cref="OptionsForAnalyzers"/>).
/// </summary>
internal static class TestCompilations
{
    /// <summary>The path of the first source of a compilation; analyzer markup and code fixes find the user's file by it.</summary>
    public const string SourcePath = "/src/Models.cs";

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    /// <summary>The options of a user's build: every warning an error.</summary>
    public static CSharpCompilationOptions Options { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error);

    /// <summary>The same options with warnings left as warnings, so that each analyzer diagnostic keeps the severity of its
    /// descriptor (or of the configuration a test sets), which is what the analyzer tests assert.</summary>
    public static CSharpCompilationOptions OptionsForAnalyzers { get; } = Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default);

    /// <summary>The framework, the ModelRegistry runtime and the abstractions user code and generated code refer to.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] runtime =
        [
            typeof(ModelProfile).Assembly.Location,
            typeof(IChatClient).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute).Assembly.Location,
        ];
        return platform.Concat(runtime).Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>A compilation of <paramref name="sources"/> as a user's build compiles it (warnings are errors).</summary>
    public static CSharpCompilation Create(params string[] sources) => Create(Options, sources);

    /// <summary>A compilation of <paramref name="sources"/> for analyzer tests (warnings stay warnings).</summary>
    public static CSharpCompilation CreateForAnalyzers(params string[] sources) => Create(OptionsForAnalyzers, sources);

    /// <summary>Parses one more file the way <see cref="Create(string[])"/> parses its sources.</summary>
    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>Every diagnostic a user would see (warnings are errors in their builds too).</summary>
    public static IReadOnlyList<Diagnostic> VisibleDiagnostics(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    private static CSharpCompilation Create(CSharpCompilationOptions options, string[] sources) =>
        CSharpCompilation.Create(
            // A unique name: generated assemblies are loaded side by side into collectible contexts.
            "UserAssembly" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => Parse(source, i == 0 ? SourcePath : $"/src/Source{i}.cs")),
            References,
            options);
}

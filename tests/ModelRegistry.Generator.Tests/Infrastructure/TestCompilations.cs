using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.AI;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>Builds in-memory compilations the way a user's project compiles: nullable on, documentation comments checked
/// (CS1591 shows), C# 12 (the oldest language version the generated code promises), referencing the runtime.</summary>
internal static class TestCompilations
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] runtime =
        [
            typeof(ModelProfile).Assembly.Location,
            typeof(IChatClient).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location,
        ];
        return platform.Concat(runtime).Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"User{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>Every diagnostic a user would see (warnings are errors in their builds too).</summary>
    public static IReadOnlyList<Diagnostic> VisibleDiagnostics(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}

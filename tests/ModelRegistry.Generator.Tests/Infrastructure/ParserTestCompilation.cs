using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.AI;
using ModelRegistry;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// In-memory compilations for the parse/validate and analyzer tests: the test's source, compiled against the framework,
/// the ModelRegistry runtime, Microsoft.Extensions.AI.Abstractions (for user <c>IChatClient</c> types) and
/// Microsoft.Extensions.DependencyInjection.Abstractions (for keyed services).
/// </summary>
internal static class ParserTestCompilation
{
    /// <summary>The framework, the ModelRegistry runtime, Microsoft.Extensions.AI.Abstractions and Microsoft.Extensions.DependencyInjection.Abstractions.</summary>
    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(ModelProviderAttribute).Assembly.Location);
        paths.Add(typeof(IChatClient).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public const string SourcePath = "/src/Models.cs";

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "ParserTests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: i == 0 ? SourcePath : $"/src/Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The class named <paramref name="metadataName"/> and its <c>[ModelProvider]</c> attributes.</summary>
    public static (INamedTypeSymbol Class, ImmutableArray<AttributeData> Attributes) RegistryClass(Compilation compilation, string metadataName = "Models")
    {
        INamedTypeSymbol type = compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException($"No type {metadataName}.");
        return (type, type.GetAttributes().Where(a => a.AttributeClass?.Name == "ModelProviderAttribute").ToImmutableArray());
    }

    /// <summary>Parses the registry class of <paramref name="source"/> with diagnostics on.</summary>
    public static (RegistryDeclarationSpec? Spec, List<Diagnostic> Diagnostics) ParseDeclaration(string source, string metadataName = "Models")
    {
        CSharpCompilation compilation = Create(source);
        (INamedTypeSymbol type, ImmutableArray<AttributeData> attributes) = RegistryClass(compilation, metadataName);
        var sink = new DiagnosticSink();
        RegistryDeclarationSpec? spec = ProviderDeclarationParser.ParseClass(type, attributes, sink, CancellationToken.None);
        return (spec, sink.ToDiagnostics(compilation));
    }

    /// <summary>The source text a diagnostic underlines.</summary>
    public static string Underlined(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree?.GetText().ToString(diagnostic.Location.SourceSpan)
        ?? throw new InvalidOperationException("The diagnostic has no source location.");
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>Runs the declaration parser of the compiler core on a test's source, compiled by <see cref="TestCompilations"/>.</summary>
internal static class ParserHarness
{
    /// <summary>The class named <paramref name="metadataName"/> and its <c>[ModelProvider]</c> attributes.</summary>
    public static (INamedTypeSymbol Class, ImmutableArray<AttributeData> Attributes) RegistryClass(Compilation compilation, string metadataName = "Models")
    {
        INamedTypeSymbol type = compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException($"No type {metadataName}.");
        return (type, type.GetAttributes().Where(a => a.AttributeClass?.Name == "ModelProviderAttribute").ToImmutableArray());
    }

    /// <summary>Parses the registry class of <paramref name="source"/> with diagnostics on.</summary>
    public static (RegistryDeclarationSpec? Spec, List<Diagnostic> Diagnostics) ParseDeclaration(string source, string metadataName = "Models")
    {
        CSharpCompilation compilation = TestCompilations.Create(source);
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

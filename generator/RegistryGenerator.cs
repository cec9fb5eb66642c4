using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Generator;

/// <summary>
/// The pipeline: <c>[ModelProvider]</c> classes and profile JSON AdditionalFiles are parsed into equatable specs,
/// merged per registry class, and emitted as one source file per class. The generator never reports
/// diagnostics (the analyzers run the same parsers and do) and never throws: invalid input is dropped.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RegistryGenerator : IIncrementalGenerator
{
    internal const string AttributeMetadataName = "ModelRegistry.ModelProviderAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<RegistryDeclarationSpec> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMetadataName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => ProviderDeclarationParser.ParseClass(
                    (INamedTypeSymbol)context.TargetSymbol, context.Attributes, diagnostics: null, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ProviderDeclarations);

        IncrementalValuesProvider<ProfileFileSpec> profileFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => ProfileFileParser.Parse(
                text.Path, text.GetText(cancellationToken), diagnostics: null, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ProfileFiles);

        IncrementalValueProvider<ImmutableEquatableArray<ProfileFileSpec>> allProfileFiles = profileFiles
            .Collect()
            .Select(static (files, _) => files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToImmutableEquatableArray())
            .WithTrackingName(TrackingNames.AllProfileFiles);

        IncrementalValuesProvider<RegistrySpec> registries = declarations
            .Combine(allProfileFiles)
            .Select(static (pair, cancellationToken) => RegistryBuilder.Build(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Registries);

        context.RegisterSourceOutput(registries, static (context, registry) =>
            context.AddSource(registry.Class.HintName, RegistryEmitter.Emit(registry)));
    }
}

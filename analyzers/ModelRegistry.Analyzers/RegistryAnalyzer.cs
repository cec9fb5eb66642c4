using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Reports every problem the registry generator silently skips, at its exact location: invalid values of
/// <c>[ModelProvider]</c> attributes (per registry class), problems inside profile JSON AdditionalFiles (per file), and
/// the rules that need every declaration and every file at once (duplicate providers, profiles of undeclared providers,
/// duplicate models across files, identifier collisions) at the end of the compilation. It runs the same parsers as the
/// generator, so what it reports is exactly what the generator dropped; it reads them from the compilation's one
/// <see cref="RegistryCompilationModel"/>, which <see cref="ModelIdAnalyzer"/> shares.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RegistryAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidProviderName,
        DiagnosticDescriptors.UnknownCompatibilityValue,
        DiagnosticDescriptors.InvalidJson,
        DiagnosticDescriptors.InvalidProfileValue,
        DiagnosticDescriptors.UnknownProfileKey,
        DiagnosticDescriptors.DuplicateModel,
        DiagnosticDescriptors.DuplicateModelAcrossFiles,
        DiagnosticDescriptors.UndeclaredProvider,
        DiagnosticDescriptors.DuplicateProvider,
        DiagnosticDescriptors.InvalidClientKind,
        DiagnosticDescriptors.UnconstructibleChatClient,
        DiagnosticDescriptors.UnusableChatClientFactory,
        DiagnosticDescriptors.InvalidBaseUrl,
        DiagnosticDescriptors.IdentifierCollision,
        DiagnosticDescriptors.LiteralSecret,
        DiagnosticDescriptors.MalformedHeader,
        DiagnosticDescriptors.ProfilesPathNotFound,
        DiagnosticDescriptors.UnclaimedProfileFile,
        DiagnosticDescriptors.InvalidFallback,
        DiagnosticDescriptors.EmbeddingFallback,
        DiagnosticDescriptors.UnknownRoutingKey);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var analysis = new RegistryCompilationAnalysis(RegistryCompilationModel.For(start.Compilation, start.Options.AdditionalFiles));
            start.RegisterSymbolAction(analysis.AnalyzeNamedType, SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(analysis.AnalyzeAdditionalFile);
            start.RegisterCompilationEndAction(analysis.AnalyzeCompilationEnd);
        });
    }
}

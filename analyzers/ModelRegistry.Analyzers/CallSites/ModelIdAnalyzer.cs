using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Generator;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Checks model ids written as constants where the registry is used: the arguments of a generated
/// <c>LoadChatModel(...)</c> (every overload, on the registry class or a nested provider class) and a
/// <c>new ChatModelId("provider", "model")</c> passed to one. Ids that are not compile-time constants are not checked.
/// What is declared comes from <see cref="DeclaredRegistries"/> (the generator's own inputs, built-ins included).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelIdAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownProviderInModelId,
        DiagnosticDescriptors.UnknownModelInModelId,
        DiagnosticDescriptors.MalformedModelId);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? chatModelId = start.Compilation.GetTypeByMetadataName("ModelRegistry.ChatModelId");
            if (chatModelId is null)
            {
                // The runtime is not referenced: there is no registry to check against.
                return;
            }

            var checker = new ModelIdChecker(new DeclaredRegistries(start.Options.AdditionalFiles, start.CancellationToken), chatModelId);
            start.RegisterOperationAction(checker.AnalyzeInvocation, OperationKind.Invocation);
        });
    }
}

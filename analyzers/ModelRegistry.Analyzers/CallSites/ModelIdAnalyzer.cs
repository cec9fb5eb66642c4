using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    private const string LoadChatModel = "LoadChatModel";

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
            // A syntax action with a by-name filter, not an operation action: operation trees are then built only for the
            // few invocations named LoadChatModel, never for every method body of the project.
            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var invocation = (InvocationExpressionSyntax)context.Node;
                    if (InvokedName(invocation.Expression) == LoadChatModel
                        && context.SemanticModel.GetOperation(invocation, context.CancellationToken) is IInvocationOperation operation)
                    {
                        checker.AnalyzeInvocation(operation, context.ReportDiagnostic);
                    }
                },
                SyntaxKind.InvocationExpression);
        });
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}

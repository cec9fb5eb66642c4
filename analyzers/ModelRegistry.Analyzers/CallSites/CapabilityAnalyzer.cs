using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// MR0026 and MR0027: what a chat call sends, checked against the profile of the model it goes to, when the method
/// shows both with constants (<see cref="CapabilityChecker"/>). The registry is the compilation's one
/// <see cref="RegistryCompilationModel"/>, shared with the other rules.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapabilityAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingModelCapability,
        DiagnosticDescriptors.UnsupportedRequestOption);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? chatModelId = start.Compilation.GetTypeByMetadataName("ModelRegistry.ChatModelId");
            if (chatModelId is null || ChatCallTypes.Create(start.Compilation) is not { } types)
            {
                // Without the runtime there is no registry; without Microsoft.Extensions.AI there are no chat calls.
                return;
            }

            var resolver = new ChatModelResolver(
                new DeclaredRegistries(RegistryCompilationModel.For(start.Compilation, start.Options.AdditionalFiles), start.CancellationToken),
                chatModelId,
                start.Compilation.GetTypeByMetadataName("ModelRegistry.IModelRegistry"),
                KeyedChatClientLookup.Create(start.Compilation),
                types.ChatClient,
                start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute"));
            var checker = new CapabilityChecker(resolver, types);

            // A syntax action filtered by the invoked name, as ModelIdAnalyzer does: only chat calls are ever bound here.
            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var invocation = (InvocationExpressionSyntax)context.Node;
                    if (CapabilityChecker.IsCandidateMethodName(InvokedName(invocation.Expression))
                        && context.SemanticModel.GetOperation(invocation, context.CancellationToken) is IInvocationOperation operation)
                    {
                        checker.Analyze(operation, context.ReportDiagnostic, context.CancellationToken);
                    }
                },
                SyntaxKind.InvocationExpression);
        });
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };
}

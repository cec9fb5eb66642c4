using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Checks model ids written as constants where the registry is used: the arguments of a generated
/// <c>LoadChatModel(...)</c> or <c>LoadEmbeddingModel(...)</c> (every overload, on the registry class, a nested provider class or the class's
/// <c>Registry</c> object), a <c>new ChatModelId("provider", "model")</c> passed to one, and the keys of keyed
/// <c>IChatClient</c> services (<c>[FromKeyedServices("provider:model")]</c>, <c>GetRequiredKeyedService&lt;IChatClient&gt;(...)</c>).
/// Ids that are not compile-time constants are not checked. What is declared comes from <see cref="DeclaredRegistries"/>
/// (the generator's own inputs, built-ins included).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelIdAnalyzer : DiagnosticAnalyzer
{
    private const string LoadChatModel = "LoadChatModel";
    private const string LoadEmbeddingModel = "LoadEmbeddingModel";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownProviderInModelId,
        DiagnosticDescriptors.UnknownModelInModelId,
        DiagnosticDescriptors.MalformedModelId,
        DiagnosticDescriptors.ModelKindMismatch,
        DiagnosticDescriptors.DeprecatedModel);

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

            KeyedChatClientLookup? keyed = KeyedChatClientLookup.Create(start.Compilation);
            var checker = new ModelIdChecker(
                new DeclaredRegistries(RegistryCompilationModel.For(start.Compilation, start.Options.AdditionalFiles), start.CancellationToken),
                chatModelId,
                start.Compilation.GetTypeByMetadataName("ModelRegistry.EmbeddingModelId"),
                start.Compilation.GetTypeByMetadataName("ModelRegistry.IModelRegistry"),
                keyed);
            // Syntax actions with by-name filters, not operation actions: operation trees are then built only for the few
            // invocations and attributes of those names, never for every method body of the project.
            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var invocation = (InvocationExpressionSyntax)context.Node;
                    string? name = InvokedName(invocation.Expression);
                    if ((name is LoadChatModel or LoadEmbeddingModel || (keyed is not null && KeyedChatClientLookup.IsCandidateMethodName(name)))
                        && context.SemanticModel.GetOperation(invocation, context.CancellationToken) is IInvocationOperation operation)
                    {
                        checker.AnalyzeInvocation(operation, context.ReportDiagnostic);
                    }
                },
                SyntaxKind.InvocationExpression);
            if (keyed is not null)
            {
                start.RegisterSyntaxNodeAction(
                    context =>
                    {
                        var attribute = (AttributeSyntax)context.Node;
                        if (KeyedChatClientLookup.IsCandidateAttributeName(AttributeName(attribute.Name))
                            && attribute.Parent?.Parent is ParameterSyntax parameterSyntax
                            && context.SemanticModel.GetDeclaredSymbol(parameterSyntax, context.CancellationToken) is IParameterSymbol parameter
                            && context.SemanticModel.GetOperation(attribute, context.CancellationToken) is IAttributeOperation operation)
                        {
                            checker.AnalyzeAttribute(operation, parameter, context.ReportDiagnostic);
                        }
                    },
                    SyntaxKind.Attribute);
            }
        });
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    private static string? AttributeName(NameSyntax name) => name switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };
}

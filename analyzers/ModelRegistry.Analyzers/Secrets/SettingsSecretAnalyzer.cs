using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// MR0018: a secret written as a constant in code that configures ModelRegistry — <c>ChatModelSettings.ApiKey</c>, or
/// the value of an auth-bearing header (<c>Authorization</c>, <c>api-key</c>, names with <c>key</c>, <c>token</c>,
/// <c>secret</c>) in a <c>ChatModelSettings.Headers</c> dictionary initializer. Settings values are sent as written (no
/// <c>${ENV}</c> expansion), so a constant there ends up in the compiled program. Other headers, other types and values
/// computed at run time are not flagged. (Secrets in <c>[ModelProvider]</c> headers and JSON are MR0013.)
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SettingsSecretAnalyzer : DiagnosticAnalyzer
{
    private const string ApiKeyProperty = "ApiKey";
    private const string HeadersProperty = "Headers";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.LiteralApiKeyInCode);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("ModelRegistry.ChatModelSettings") is { } settings)
            {
                // Syntax first (only assignments to a member named ApiKey or Headers), then the operation of that one node:
                // operation trees are not built for every method body of the project.
                start.RegisterSyntaxNodeAction(
                    context =>
                    {
                        var assignment = (AssignmentExpressionSyntax)context.Node;
                        if (AssignedName(assignment.Left) is ApiKeyProperty or HeadersProperty
                            && context.SemanticModel.GetOperation(assignment, context.CancellationToken) is ISimpleAssignmentOperation operation)
                        {
                            AnalyzeAssignment(operation, settings, context.ReportDiagnostic);
                        }
                    },
                    SyntaxKind.SimpleAssignmentExpression);
            }
        });
    }

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private static void AnalyzeAssignment(ISimpleAssignmentOperation assignment, INamedTypeSymbol settings, System.Action<Diagnostic> report)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property }
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, settings))
        {
            return;
        }

        if (property.Name == ApiKeyProperty)
        {
            if (assignment.Value.ConstantValue is { HasValue: true, Value: string key } && key.Trim().Length > 0)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.LiteralApiKeyInCode, assignment.Value.Syntax.GetLocation(),
                    "ChatModelSettings.ApiKey"));
            }
        }
        else if (property.Name == HeadersProperty && WithoutConversions(assignment.Value) is IObjectCreationOperation { Initializer: { } initializer })
        {
            foreach (IOperation element in initializer.Initializers)
            {
                if (HeaderEntry(element) is ({ } name, { } value) && SecretRule.IsCredentialHeader(name)
                    && value.ConstantValue is { HasValue: true, Value: string text } && SecretRule.IsLiteralSecret(text))
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.LiteralApiKeyInCode, value.Syntax.GetLocation(),
                        $"Header '{name}' in ChatModelSettings.Headers"));
                }
            }
        }
    }

    /// <summary>The constant name and the value of <c>["Name"] = value</c> or <c>{ "Name", value }</c> in a dictionary initializer.</summary>
    private static (string? Name, IOperation? Value) HeaderEntry(IOperation element) => element switch
    {
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment =>
            (ConstantString(indexer.Arguments[0].Value), assignment.Value),
        IInvocationOperation { Arguments.Length: 2 } add => (ConstantString(add.Arguments[0].Value), add.Arguments[1].Value),
        _ => (null, null),
    };

    private static string? ConstantString(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    private static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}

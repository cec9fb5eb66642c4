using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static ModelRegistry.Analyzers.LoadChatModelCall;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The <c>ChatOptions</c> properties a chat call visibly sends: those of an object initializer written at the call
/// (<c>new ChatOptions { … }</c>) or in the initializer of a local assigned only there (<see cref="LocalValues"/>). A
/// property of that local assigned again anywhere in its member (<c>options.MaxOutputTokens = n</c>) is not known, and
/// options from anywhere else (a field, a parameter, a method's result, <c>Clone()</c>) are not read at all.
/// </summary>
internal sealed class VisibleChatOptions
{
    public static VisibleChatOptions None { get; } = new();

    /// <summary>The <c>Tools = …</c> assignment, when its value visibly holds at least one tool.</summary>
    public IOperation? Tools { get; private set; }

    /// <summary>The value of <c>ToolMode = …</c>.</summary>
    public IOperation? ToolMode { get; private set; }

    /// <summary>The value of <c>MaxOutputTokens = …</c>.</summary>
    public IOperation? MaxOutputTokens { get; private set; }

    public static VisibleChatOptions Read(IOperation? argument, INamedTypeSymbol chatOptions, CancellationToken cancellationToken)
    {
        if (argument is null)
        {
            return None;
        }

        IOperation value = WithoutConversions(argument);
        ILocalSymbol? local = null;
        Microsoft.CodeAnalysis.SyntaxNode? scope = null;
        if (value is ILocalReferenceOperation reference && value.SemanticModel is { } semanticModel)
        {
            if (LocalValues.Initializer(reference.Local, semanticModel, cancellationToken) is not { } initializer)
            {
                return None;
            }

            local = reference.Local;
            scope = LocalValues.Scope(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken));
            value = WithoutConversions(initializer);
        }

        if (value is not IObjectCreationOperation { Initializer: { } objectInitializer } creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, chatOptions))
        {
            return None;
        }

        var options = new VisibleChatOptions();
        foreach (IOperation member in objectInitializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: { } name } } assignment
                || (local is not null && LocalValues.IsMemberAssigned(local.Name, name, scope!)))
            {
                continue;
            }

            switch (name)
            {
                case "Tools" when HoldsElements(WithoutConversions(assignment.Value)):
                    options.Tools = assignment;
                    break;
                case "ToolMode":
                    options.ToolMode = assignment.Value;
                    break;
                case "MaxOutputTokens":
                    options.MaxOutputTokens = assignment.Value;
                    break;
            }
        }

        return options;
    }

    /// <summary>Whether a collection is visibly not empty: <c>[tool]</c>, <c>new List&lt;AITool&gt; { tool }</c>, <c>new[] { tool }</c>.</summary>
    private static bool HoldsElements(IOperation value) => value switch
    {
        ICollectionExpressionOperation collection => collection.Elements.Length > 0,
        IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers.Length > 0,
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.Length > 0,
        _ => false,
    };
}

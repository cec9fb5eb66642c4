using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelRegistry.Compiler;

/// <summary>
/// Finds where an attribute argument (or one element of an array argument) is written, so that a diagnostic
/// underlines exactly the offending value. Falls back to the whole argument, then the attribute, then the class.
/// Only the analyzers call it: the generator never asks for syntax it does not need.
/// </summary>
internal static class AttributeArgumentLocator
{
    /// <param name="attribute">The attribute application.</param>
    /// <param name="namedArgument">The property name (<c>Kind</c>), or <see langword="null"/> for the constructor's name argument.</param>
    /// <param name="elementIndex">For an array value, the element; <see langword="null"/> for the whole value.</param>
    /// <param name="fallback">Where to report when the attribute has no syntax (metadata).</param>
    /// <param name="cancellationToken">Cancels the syntax lookup.</param>
    public static Location Locate(AttributeData attribute, string? namedArgument, int? elementIndex, ISymbol fallback, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return fallback.Locations.Length > 0 ? fallback.Locations[0] : Location.None;
        }

        ExpressionSyntax? expression = FindArgument(syntax, namedArgument);
        if (expression is null)
        {
            return syntax.GetLocation();
        }

        if (elementIndex is { } index && FindElement(expression, index) is { } element)
        {
            return element.GetLocation();
        }

        return expression.GetLocation();
    }

    /// <summary>Where the attribute itself is written (for problems that concern no single argument).</summary>
    public static Location LocateAttribute(AttributeData attribute, ISymbol fallback, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax
            ? syntax.GetLocation()
            : fallback.Locations.Length > 0 ? fallback.Locations[0] : Location.None;

    private static ExpressionSyntax? FindArgument(AttributeSyntax syntax, string? namedArgument)
    {
        if (syntax.ArgumentList is null)
        {
            return null;
        }

        foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
        {
            if (namedArgument is null)
            {
                if (argument.NameEquals is null)
                {
                    return argument.Expression;
                }
            }
            else if (argument.NameEquals?.Name.Identifier.ValueText == namedArgument)
            {
                return argument.Expression;
            }
        }

        return null;
    }

    private static SyntaxNode? FindElement(ExpressionSyntax expression, int index)
    {
        switch (expression)
        {
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return At(implicitArray.Initializer.Expressions, index);
            case ArrayCreationExpressionSyntax array when array.Initializer is not null:
                return At(array.Initializer.Expressions, index);
            case CollectionExpressionSyntax collection:
                return index < collection.Elements.Count ? collection.Elements[index] : null;
            default:
                return null;
        }
    }

    private static SyntaxNode? At(SeparatedSyntaxList<ExpressionSyntax> expressions, int index) =>
        index < expressions.Count ? expressions[index] : null;
}

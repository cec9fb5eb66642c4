using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The one data-flow step the capability rules take: a local whose only assignment is its declaration's initializer
/// stands for that initializer. Whether it is written anywhere else is decided from syntax within the member (or the
/// top-level statements) that declares it — any assignment, <c>ref</c>/<c>out</c> argument, increment or deconstruction
/// of that name, lambdas and local functions included — so a local written elsewhere is simply not followed. Nothing
/// crosses a member boundary: fields, parameters passed in, values returned by other methods are not traced.
/// </summary>
internal static class LocalValues
{
    /// <summary>The initializer of <paramref name="local"/> as an operation, or <see langword="null"/> when it has none,
    /// is declared elsewhere or is written after its declaration.</summary>
    public static IOperation? Initializer(ILocalSymbol local, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.SyntaxTree != semanticModel.SyntaxTree
            || IsWrittenAfterDeclaration(local.Name, Scope(declarator)))
        {
            return null;
        }

        return semanticModel.GetOperation(value, cancellationToken);
    }

    /// <summary>Where a local or parameter declared at <paramref name="declaration"/> can be written: its member, a lambda's
    /// enclosing member, or the whole file for top-level statements.</summary>
    public static SyntaxNode Scope(SyntaxNode declaration)
    {
        SyntaxNode? member = declaration.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax);
        return member is GlobalStatementSyntax or null ? declaration.SyntaxTree.GetRoot() : member;
    }

    /// <summary>Whether <paramref name="name"/> is the target of a write anywhere in <paramref name="scope"/>.</summary>
    public static bool IsWrittenAfterDeclaration(string name, SyntaxNode scope)
    {
        foreach (SyntaxNode node in scope.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && IsWrite(identifier))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="member"/> of the local <paramref name="name"/> is assigned anywhere in
    /// <paramref name="scope"/> (<c>options.MaxOutputTokens = …</c>): that property is then not what the initializer says.</summary>
    public static bool IsMemberAssigned(string name, string member, SyntaxNode scope)
    {
        foreach (SyntaxNode node in scope.DescendantNodes())
        {
            if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name: { } assigned } }
                && target.Identifier.ValueText == name && assigned.Identifier.ValueText == member)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWrite(IdentifierNameSyntax identifier)
    {
        SyntaxNode node = identifier;

        // (a, b) = … writes each element of the tuple on the left.
        while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
        {
            node = tuple;
        }

        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword),
            PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
            RefExpressionSyntax => true,
            _ => false,
        };
    }
}

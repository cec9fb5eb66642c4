using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// Decides which method of a <c>ChatClientFactory</c> type generated code calls: the one accessible <c>static</c> method
/// that takes a <c>ModelRegistry.ChatModelConfiguration</c> and returns an <c>IChatClient</c> (or a type implementing it).
/// Generated code calls it directly (no reflection), so any client a constructor cannot express — the OpenAI SDK's
/// <c>new ChatClient(model, key, options).AsIChatClient()</c>, a Semantic Kernel-style builder — can be a provider.
/// </summary>
internal static class ClientFactoryResolver
{
    /// <summary>The method generated code calls, shown in messages and written by the code fix.</summary>
    public const string ExpectedSignature = "public static IChatClient Create(ChatModelConfiguration configuration)";

    /// <summary>The name the code fix gives the method, and the one that wins among several.</summary>
    public const string PreferredName = "Create";

    /// <summary>The resolved call, or <see langword="null"/> with <paramref name="problem"/> saying why the type cannot be used.</summary>
    /// <param name="type">The <c>ChatClientFactory</c> type.</param>
    /// <param name="registryClass">The registry class the generated call is written in.</param>
    /// <param name="problem">Why the type cannot be used.</param>
    /// <param name="canAddMethod">Whether the fix "add the method" applies: the type is a class or struct of this
    /// compilation's source and no method of the expected shape exists.</param>
    public static CustomClientSpec? Resolve(ITypeSymbol type, INamedTypeSymbol registryClass, out string? problem, out bool canAddMethod)
    {
        canAddMethod = false;
        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            problem = "it is not a class or struct";
            return null;
        }

        if (named.IsUnboundGenericType || named.TypeArguments.Any(t => t.TypeKind == TypeKind.TypeParameter))
        {
            problem = "it is an open generic type";
            return null;
        }

        if (CustomClientResolver.AccessibilityProblem(named, registryClass) is { } inaccessible)
        {
            problem = inaccessible;
            return null;
        }

        var candidates = new List<IMethodSymbol>();
        var nearMisses = new List<string>();
        foreach (IMethodSymbol method in named.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary))
        {
            if (method.Parameters.Length != 1 || !IsConfiguration(method.Parameters[0].Type))
            {
                continue;
            }

            string? miss = !method.IsStatic ? "is not static"
                : method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal) ? "is not public"
                : method.IsGenericMethod ? "is generic"
                : method.Parameters[0].RefKind != RefKind.None ? "takes its parameter by reference"
                : method.ReturnsVoid || !CustomClientResolver.ImplementsChatClient(method.ReturnType) ? "does not return an IChatClient"
                : null;
            if (miss is null)
            {
                candidates.Add(method);
            }
            else
            {
                nearMisses.Add($"'{method.Name}' {miss}");
            }
        }

        if (candidates.Count > 1)
        {
            IMethodSymbol[] preferred = candidates.Where(c => c.Name == PreferredName).ToArray();
            if (preferred.Length != 1)
            {
                problem = "it has several such methods (" + string.Join(", ", candidates.Select(c => "'" + c.Name + "'").OrderBy(n => n, StringComparer.Ordinal))
                    + $") and generated code cannot choose; keep one, or name the one to call '{PreferredName}'";
                return null;
            }

            candidates = new List<IMethodSymbol> { preferred[0] };
        }

        if (candidates.Count == 0)
        {
            problem = nearMisses.Count > 0
                ? "its method " + string.Join(", ", nearMisses)
                : "it has no static method that takes a ChatModelConfiguration and returns an IChatClient";
            canAddMethod = nearMisses.Count == 0 && named.DeclaringSyntaxReferences.Length > 0 && named.TypeKind == TypeKind.Class;
            return null;
        }

        problem = null;
        return new CustomClientSpec(
            named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            ImmutableEquatableArray<ClientArgumentSpec>.Empty,
            ImmutableEquatableArray<ClientArgumentSpec>.Empty,
            candidates[0].Name);
    }

    private static bool IsConfiguration(ITypeSymbol type) =>
        type is { Name: "ChatModelConfiguration", ContainingType: null }
        && type.ContainingNamespace is { Name: "ModelRegistry", ContainingNamespace.IsGlobalNamespace: true };
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// Decides how generated code constructs a user <c>IChatClient</c> type ("case 1") without reflection: the accessible
/// constructor with the most parameters that can all be filled by name, then settable properties for the values that
/// constructor does not take. Parameter and property names match ignoring case.
/// </summary>
internal static class CustomClientResolver
{
    /// <summary>The resolved plan, or <see langword="null"/> with <paramref name="problem"/> saying why the type cannot be used.</summary>
    public static CustomClientSpec? Resolve(ITypeSymbol type, INamedTypeSymbol registryClass, out string? problem)
    {
        problem = TypeProblem(type, registryClass);
        if (problem is not null)
        {
            return null;
        }

        var named = (INamedTypeSymbol)type;
        IMethodSymbol? best = null;
        List<ClientArgumentSpec>? bestArguments = null;
        foreach (IMethodSymbol constructor in named.InstanceConstructors
            .Where(c => IsAccessible(c.DeclaredAccessibility))
            .OrderByDescending(c => c.Parameters.Length)
            .ThenBy(c => c.ToDisplayString(), StringComparer.Ordinal))
        {
            List<ClientArgumentSpec>? arguments = MapParameters(constructor);
            if (arguments is not null)
            {
                best = constructor;
                bestArguments = arguments;
                break;
            }
        }

        if (best is null || bestArguments is null)
        {
            problem = "it has no public constructor whose parameters can all be filled";
            return null;
        }

        var covered = new HashSet<ClientArgumentValue>(bestArguments.Select(a => a.Value));
        var properties = new List<ClientArgumentSpec>();
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (IPropertySymbol property in SettableProperties(named).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (Classify(property.Name, property.Type) is { } value && covered.Add(value.Value))
            {
                properties.Add(new ClientArgumentSpec(property.Name, value.Value, value.IsUri, AcceptsNull(property.Type)));
                assigned.Add(property.Name);
            }
        }

        if (!SetsRequiredMembers(best) && RequiredMembers(named).FirstOrDefault(m => !assigned.Contains(m)) is { } unset)
        {
            problem = $"its required member '{unset}' cannot be filled";
            return null;
        }

        return new CustomClientSpec(
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            bestArguments.ToImmutableEquatableArray(),
            properties.ToImmutableEquatableArray());
    }

    /// <summary>Whether the plan passes an endpoint (so a <c>BaseUrl</c> can reach the client).</summary>
    public static bool TakesEndpoint(CustomClientSpec client) =>
        client.ConstructorArguments.Any(a => a.Value == ClientArgumentValue.Endpoint)
        || client.PropertyAssignments.Any(a => a.Value == ClientArgumentValue.Endpoint);

    private static string? TypeProblem(ITypeSymbol type, INamedTypeSymbol registryClass)
    {
        if (type is not INamedTypeSymbol named || named.TypeKind != TypeKind.Class)
        {
            return "it is not a class";
        }

        if (named.IsAbstract || named.IsStatic)
        {
            return named.IsStatic ? "it is static" : "it is abstract";
        }

        if (named.IsUnboundGenericType || named.TypeArguments.Any(t => t.TypeKind == TypeKind.TypeParameter))
        {
            return "it is an open generic type";
        }

        if (!named.AllInterfaces.Any(IsChatClientInterface))
        {
            return "it does not implement Microsoft.Extensions.AI.IChatClient";
        }

        for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
        {
            if (!IsAccessible(current.DeclaredAccessibility) && !Encloses(current.ContainingType, registryClass))
            {
                return "it is not accessible from the registry class";
            }
        }

        return null;
    }

    private static List<ClientArgumentSpec>? MapParameters(IMethodSymbol constructor)
    {
        var arguments = new List<ClientArgumentSpec>(constructor.Parameters.Length);
        foreach (IParameterSymbol parameter in constructor.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams || Classify(parameter.Name, parameter.Type) is not { } value)
            {
                return null;
            }

            arguments.Add(new ClientArgumentSpec(parameter.Name, value.Value, value.IsUri, AcceptsNull(parameter.Type)));
        }

        return arguments;
    }

    /// <summary>Which value a parameter or property of this name and type receives, if any.</summary>
    private static (ClientArgumentValue Value, bool IsUri)? Classify(string name, ITypeSymbol type)
    {
        string lower = name.ToLowerInvariant();
        switch (lower)
        {
            case "model":
            case "modelid":
                return type.SpecialType == SpecialType.System_String ? (ClientArgumentValue.Model, false) : null;
            case "apikey":
                return type.SpecialType == SpecialType.System_String ? (ClientArgumentValue.ApiKey, false) : null;
            case "endpoint":
            case "baseurl":
            case "apibase":
                if (type.SpecialType == SpecialType.System_String)
                {
                    return (ClientArgumentValue.Endpoint, false);
                }

                return IsNamed(type, "System", "Uri") ? (ClientArgumentValue.Endpoint, true) : null;
            case "settings":
                return IsNamed(type, "ModelRegistry", "ChatModelSettings") ? (ClientArgumentValue.Settings, false) : null;
            case "profile":
                return IsNamed(type, "ModelRegistry", "ModelProfile") ? (ClientArgumentValue.Profile, false) : null;
            default:
                return null;
        }
    }

    /// <summary>A nullable-annotated or nullable-oblivious reference type takes <see langword="null"/>; <c>string</c> in an enabled context does not.</summary>
    private static bool AcceptsNull(ITypeSymbol type) => type.NullableAnnotation != NullableAnnotation.NotAnnotated;

    private static IEnumerable<IPropertySymbol> SettableProperties(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (IPropertySymbol property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer && property.SetMethod is { } setter
                    && IsAccessible(setter.DeclaredAccessibility) && IsAccessible(property.DeclaredAccessibility)
                    && seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    private static IEnumerable<string> RequiredMembers(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    yield return member.Name;
                }
            }
        }
    }

    private static bool SetsRequiredMembers(IMethodSymbol constructor) =>
        constructor.GetAttributes().Any(a => a.AttributeClass is { Name: "SetsRequiredMembersAttribute" });

    private static bool IsChatClientInterface(INamedTypeSymbol type) => IsNamed(type, "Microsoft.Extensions.AI", "IChatClient");

    private static bool IsNamed(ITypeSymbol type, string ns, string name) =>
        type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns && type.ContainingType is null;

    private static bool IsAccessible(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static bool Encloses(INamedTypeSymbol? container, INamedTypeSymbol registryClass)
    {
        for (INamedTypeSymbol? current = registryClass; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, container))
            {
                return true;
            }
        }

        return false;
    }
}

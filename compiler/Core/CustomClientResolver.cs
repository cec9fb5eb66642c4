using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// Decides how generated code constructs a user <c>IChatClient</c> type ("case 1") without reflection: the accessible
/// constructor that passes the most of the resolved configuration, every parameter of it filled (an optional parameter the
/// registry has no value for keeps its default), then settable properties for the values that constructor does not take.
/// Parameter and property names match ignoring case. The names are those real .NET clients use: OllamaSharp's
/// <c>OllamaApiClient(Uri uri, string defaultModel)</c>, <c>(string uriString, string defaultModel)</c> and
/// <c>(HttpClient client, string defaultModel, JsonSerializerContext? jsonSerializerContext = null)</c>, the OpenAI SDK's
/// <c>ApiKeyCredential credential</c>, and the library's own <c>model</c>/<c>endpoint</c>/<c>apiKey</c> conventions.
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
        int bestScore = -1;
        foreach (IMethodSymbol constructor in named.InstanceConstructors
            .Where(c => IsAccessible(c.DeclaredAccessibility))
            .OrderByDescending(c => c.Parameters.Length)
            .ThenBy(c => c.ToDisplayString(), StringComparer.Ordinal))
        {
            // The first of the most informed constructors wins: an HttpClient one over a Uri one (it passes the endpoint
            // and the provider's HttpClient), ties in the order above.
            if (MapParameters(constructor) is { } arguments && Passed(arguments).Count > bestScore)
            {
                best = constructor;
                bestArguments = arguments;
                bestScore = Passed(arguments).Count;
            }
        }

        if (best is null || bestArguments is null)
        {
            problem = "it has no public constructor whose parameters can all be filled";
            return null;
        }

        HashSet<ClientArgumentValue> covered = Passed(bestArguments);
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

    /// <summary>Whether the plan passes an endpoint (so a <c>BaseUrl</c> can reach the client): an endpoint value, an
    /// <c>HttpClient</c> (its base address), or the whole configuration (a factory always gets it).</summary>
    public static bool TakesEndpoint(CustomClientSpec client) =>
        client.FactoryMethod is not null
        || Passed(client.ConstructorArguments.Concat(client.PropertyAssignments)).Contains(ClientArgumentValue.Endpoint);

    /// <summary>The configuration values <paramref name="arguments"/> pass: an <c>HttpClient</c> passes the endpoint too
    /// (as its base address), the whole configuration passes everything.</summary>
    private static HashSet<ClientArgumentValue> Passed(IEnumerable<ClientArgumentSpec> arguments)
    {
        var passed = new HashSet<ClientArgumentValue>();
        foreach (ClientArgumentSpec argument in arguments)
        {
            passed.Add(argument.Value);
            if (argument.Value == ClientArgumentValue.HttpClient)
            {
                passed.Add(ClientArgumentValue.Endpoint);
            }
            else if (argument.Value == ClientArgumentValue.ApiKeyCredential)
            {
                passed.Add(ClientArgumentValue.ApiKey);
            }
            else if (argument.Value == ClientArgumentValue.Configuration)
            {
                passed.UnionWith(new[] { ClientArgumentValue.Model, ClientArgumentValue.Endpoint, ClientArgumentValue.ApiKey, ClientArgumentValue.Settings, ClientArgumentValue.Profile });
            }
        }

        return passed;
    }

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

        if (!ImplementsChatClient(named))
        {
            return "it does not implement Microsoft.Extensions.AI.IChatClient";
        }

        return AccessibilityProblem(named, registryClass);
    }

    /// <summary>Why generated code in <paramref name="registryClass"/> cannot name <paramref name="type"/>, or <see langword="null"/>.</summary>
    internal static string? AccessibilityProblem(INamedTypeSymbol type, INamedTypeSymbol registryClass)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (!IsAccessible(current.DeclaredAccessibility) && !Encloses(current.ContainingType, registryClass))
            {
                return "it is not accessible from the registry class";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is, or implements, <c>Microsoft.Extensions.AI.IChatClient</c>.</summary>
    internal static bool ImplementsChatClient(ITypeSymbol type) =>
        (type is INamedTypeSymbol named && IsChatClientInterface(named)) || type.AllInterfaces.Any(IsChatClientInterface);

    private static List<ClientArgumentSpec>? MapParameters(IMethodSymbol constructor)
    {
        var arguments = new List<ClientArgumentSpec>(constructor.Parameters.Length);
        foreach (IParameterSymbol parameter in constructor.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams || Classify(parameter.Name, parameter.Type) is not { } value)
            {
                if (parameter.RefKind == RefKind.None && parameter.HasExplicitDefaultValue)
                {
                    // An optional parameter the registry has nothing for keeps its default (arguments are passed by name).
                    continue;
                }

                return null;
            }

            arguments.Add(new ClientArgumentSpec(parameter.Name, value.Value, value.IsUri, AcceptsNull(parameter.Type)));
        }

        return arguments;
    }

    /// <summary>Which value a parameter or property of this name and type receives, if any. Types that say what they are
    /// (<c>HttpClient</c>, <c>ChatModelConfiguration</c>) match under any name; the others by name and type.</summary>
    private static (ClientArgumentValue Value, bool IsUri)? Classify(string name, ITypeSymbol type)
    {
        if (IsNamed(type, "System.Net.Http", "HttpClient"))
        {
            return (ClientArgumentValue.HttpClient, false);
        }

        if (IsNamed(type, "ModelRegistry", "ChatModelConfiguration"))
        {
            return (ClientArgumentValue.Configuration, false);
        }

        string lower = name.ToLowerInvariant();
        switch (lower)
        {
            case "model":
            case "modelid":
            case "defaultmodel":
                return type.SpecialType == SpecialType.System_String ? (ClientArgumentValue.Model, false) : null;
            case "apikey":
            case "credential":
                if (IsNamed(type, "System.ClientModel", "ApiKeyCredential"))
                {
                    return (ClientArgumentValue.ApiKeyCredential, false);
                }

                return type.SpecialType == SpecialType.System_String && lower == "apikey" ? (ClientArgumentValue.ApiKey, false) : null;
            case "endpoint":
            case "baseurl":
            case "apibase":
            case "uri":
            case "uristring":
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

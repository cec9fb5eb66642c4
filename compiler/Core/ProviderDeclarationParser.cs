using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// Reads the <c>[ModelProvider]</c> attributes of a registry class into specs. Shared by the generator
/// (no <see cref="DiagnosticSink"/>: invalid values are silently dropped) and the analyzers (which report every problem at the
/// argument, or array element, that causes it). Invalid values are dropped; a provider that cannot work without the
/// dropped value (invalid name, missing or conflicting <c>Kind</c>/<c>ChatClient</c>, an unusable client type) is
/// dropped entirely. Nothing here throws on user input.
/// </summary>
internal static class ProviderDeclarationParser
{
    /// <param name="registryClass">The class the attributes are applied to.</param>
    /// <param name="attributes">The <c>[ModelProvider]</c> applications (other attributes are skipped).</param>
    /// <param name="sink">Receives every problem at the argument that causes it, and where each returned provider's name
    /// is written (<see cref="NameKind.AttributeProvider"/>, in the order of <see cref="RegistryDeclarationSpec.Providers"/>:
    /// the analyzers report cross-file rules there); <see langword="null"/> (the generator) to skip reporting.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The declaration, or <see langword="null"/> for a generic registry class (generated members could not name it).</returns>
    public static RegistryDeclarationSpec? ParseClass(
        INamedTypeSymbol registryClass,
        ImmutableArray<AttributeData> attributes,
        DiagnosticSink? sink,
        CancellationToken cancellationToken)
    {
        if (registryClass.Arity > 0)
        {
            return null;
        }

        RegistryClassSpec classSpec = DescribeClass(registryClass);
        var providers = new List<ProviderSpec>();
        foreach (AttributeData attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsModelProviderAttribute(attribute.AttributeClass) || attribute.ConstructorArguments.Length != 1)
            {
                continue;
            }

            var reader = new AttributeReader(registryClass, attribute, sink, cancellationToken);
            if (reader.Read() is { } provider)
            {
                sink?.RememberName(new NameKey(NameKind.AttributeProvider, classSpec.HintName, Index: providers.Count), reader.Locate(null, null));
                providers.Add(provider);
            }
        }

        return new RegistryDeclarationSpec(classSpec, providers.ToImmutableEquatableArray());
    }

    /// <summary>Whether <paramref name="type"/> is <c>ModelRegistry.ModelProviderAttribute</c>.</summary>
    public static bool IsModelProviderAttribute(INamedTypeSymbol? type) =>
        type is { Name: "ModelProviderAttribute", ContainingType: null }
        && type.ContainingNamespace is { Name: "ModelRegistry", ContainingNamespace.IsGlobalNamespace: true };

    private static RegistryClassSpec DescribeClass(INamedTypeSymbol registryClass)
    {
        string? ns = registryClass.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
        var containingTypes = new List<string>();
        var hintParts = new List<string>();
        for (INamedTypeSymbol? current = registryClass.ContainingType; current is not null; current = current.ContainingType)
        {
            containingTypes.Insert(0, "partial " + TypeKeyword(current) + " " + current.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            hintParts.Insert(0, current.Arity == 0 ? current.Name : current.Name + "_" + current.Arity);
        }

        if (ns is not null)
        {
            hintParts.Insert(0, ns);
        }

        hintParts.Add(registryClass.Name);
        return new RegistryClassSpec(ns, registryClass.Name, containingTypes.ToImmutableEquatableArray(), string.Join(".", hintParts) + ".g.cs");
    }

    private static string TypeKeyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>Reads and validates one attribute application.</summary>
    private sealed class AttributeReader
    {
        private readonly INamedTypeSymbol _registryClass;
        private readonly AttributeData _attribute;
        private readonly DiagnosticSink? _sink;
        private readonly CancellationToken _cancellationToken;

        public AttributeReader(INamedTypeSymbol registryClass, AttributeData attribute, DiagnosticSink? sink, CancellationToken cancellationToken)
        {
            _registryClass = registryClass;
            _attribute = attribute;
            _sink = sink;
            _cancellationToken = cancellationToken;
        }

        public ProviderSpec? Read()
        {
            string? name = _attribute.ConstructorArguments[0].Value as string;
            bool valid = true;
            if (ProviderRules.NameProblem(name) is { } nameProblem)
            {
                if (_sink is not null)
                {
                    ReportFixable(DiagnosticDescriptors.InvalidProviderName, null, null, FixProperties.Replace(FixProperties.ValidProviderName(name)),
                        name ?? "", nameProblem);
                }

                valid = false;
            }

            string displayName = name ?? "";
            string? kind = null;
            bool kindGiven = false;
            ITypeSymbol? clientType = null;
            ITypeSymbol? factoryType = null;
            bool factoryGiven = false;
            string? baseUrl = null;
            string? profiles = null;
            string? catalog = null;
            var headers = new List<HeaderSpec>();
            CompatibilitySpec compatibility = CompatibilitySpec.Unset;
            foreach (KeyValuePair<string, TypedConstant> argument in _attribute.NamedArguments)
            {
                TypedConstant value = argument.Value;
                switch (argument.Key)
                {
                    case ModelProviderAttributeNames.Kind:
                        kindGiven = value.Value is string;
                        kind = value.Value as string;
                        break;
                    case ModelProviderAttributeNames.ChatClient:
                        clientType = value.Value as ITypeSymbol;
                        break;
                    case ModelProviderAttributeNames.ChatClientFactory:
                        factoryGiven = true;
                        factoryType = value.Value as ITypeSymbol;
                        break;
                    case ModelProviderAttributeNames.BaseUrl:
                        baseUrl = ReadBaseUrl(value);
                        break;
                    case ModelProviderAttributeNames.Profiles:
                        profiles = value.Value as string is { Length: > 0 } path ? path : null;
                        break;
                    case ModelProviderAttributeNames.Headers:
                        ReadHeaders(value, displayName, headers);
                        break;
                    case ModelProviderAttributeNames.Catalog:
                        // An empty string opts out of the catalog; null (not written) keeps the default mapping.
                        catalog = value.Value as string;
                        break;
                    default:
                        if (CompatibilityOptionTable.FindProperty(argument.Key) is { } option && ReadOption(option, value) is { } optionValue)
                        {
                            compatibility = option.Set(compatibility, optionValue);
                        }

                        break;
                }
            }

            valid &= TryResolveClient(displayName, kindGiven ? kind : null, kindGiven, clientType, factoryGiven, factoryType, ref baseUrl, out CustomClientSpec? client);

            if (!valid || name is null)
            {
                return null;
            }

            return new ProviderSpec(
                name,
                client is null ? ProviderRules.OpenAICompatibleKind : null,
                client,
                baseUrl,
                headers.ToImmutableEquatableArray(),
                compatibility,
                profiles,
                ProviderOrigin.Attribute,
                ProviderRules.IsLocal(name, baseUrl),
                "Bearer",
                ApiVersion: null,
                catalog);
        }

        /// <summary>Applies the Kind/ChatClient/ChatClientFactory rules (exactly one; a known kind; a constructible type that
        /// can take a BaseUrl; a factory type with one factory method).</summary>
        /// <returns>Whether the provider can be constructed; <paramref name="baseUrl"/> is cleared when the client type cannot take it.</returns>
        private bool TryResolveClient(
            string displayName, string? kind, bool kindGiven, ITypeSymbol? clientType, bool factoryGiven, ITypeSymbol? factoryType, ref string? baseUrl, out CustomClientSpec? client)
        {
            client = null;
            var given = new List<string>(3);
            if (kindGiven)
            {
                given.Add(ModelProviderAttributeNames.Kind);
            }

            if (clientType is not null)
            {
                given.Add(ModelProviderAttributeNames.ChatClient);
            }

            if (factoryGiven)
            {
                given.Add(ModelProviderAttributeNames.ChatClientFactory);
            }

            if (given.Count > 1)
            {
                Report(DiagnosticDescriptors.InvalidClientKind, given[given.Count - 1], null,
                    displayName, (given.Count == 2 ? "both " + given[0] + " and " + given[1] : "Kind, ChatClient and ChatClientFactory") + " are set");
                return false;
            }

            if (given.Count == 0)
            {
                ReportAtAttribute(DiagnosticDescriptors.InvalidClientKind, displayName, "none of Kind, ChatClient and ChatClientFactory is set");
                return false;
            }

            if (factoryGiven)
            {
                if (factoryType is null || factoryType.TypeKind == TypeKind.Error)
                {
                    // typeof(null) or an unresolved typeof: the compiler already reports the latter.
                    return false;
                }

                client = ClientFactoryResolver.Resolve(factoryType, _registryClass, out string? factoryProblem, out bool canAddMethod);
                if (client is null && _sink is not null)
                {
                    ReportFixable(DiagnosticDescriptors.UnusableChatClientFactory, ModelProviderAttributeNames.ChatClientFactory, null,
                        canAddMethod ? FixProperties.None.Add(FixProperties.AddFactoryMethod, "true") : FixProperties.None,
                        factoryType.ToDisplayString(), factoryProblem ?? "it has no factory method", ClientFactoryResolver.ExpectedSignature);
                }

                return client is not null;
            }

            if (kind is not null)
            {
                if (System.Array.IndexOf(ProviderRules.Kinds, kind) >= 0)
                {
                    return true;
                }

                if (_sink is not null)
                {
                    Report(DiagnosticDescriptors.InvalidClientKind, ModelProviderAttributeNames.Kind, null, displayName,
                        $"'{kind}' is not a known Kind (known: {string.Join(", ", ProviderRules.Kinds)})"
                        + (ClosestMatch.Find(kind, ProviderRules.Kinds) is { } closest ? $"; did you mean '{closest}'?" : ""));
                }

                return false;
            }

            if (clientType is null || clientType.TypeKind == TypeKind.Error)
            {
                // An unresolved typeof: the compiler already reports it.
                return false;
            }

            client = CustomClientResolver.Resolve(clientType, _registryClass, out string? problem);
            if (client is null)
            {
                Report(DiagnosticDescriptors.UnconstructibleChatClient, ModelProviderAttributeNames.ChatClient, null,
                    clientType.ToDisplayString(), problem ?? "it cannot be constructed");
                return false;
            }

            if (baseUrl is not null && !CustomClientResolver.TakesEndpoint(client))
            {
                Report(DiagnosticDescriptors.InvalidBaseUrl, ModelProviderAttributeNames.BaseUrl, null, baseUrl,
                    $"cannot be passed to '{clientType.ToDisplayString()}': it has no endpoint, baseUrl, apiBase, uri, uriString or HttpClient constructor parameter or settable property. Remove BaseUrl or add such a parameter.");
                baseUrl = null;
            }

            return true;
        }

        public DiagnosticLocation Locate(string? argument, int? element) =>
            DiagnosticLocation.From(AttributeArgumentLocator.Locate(_attribute, argument, element, _registryClass, _cancellationToken));

        private string? ReadBaseUrl(TypedConstant value)
        {
            if (value.Value is not string url)
            {
                return null;
            }

            if (ProviderRules.BaseUrlProblem(url) is { } problem)
            {
                Report(DiagnosticDescriptors.InvalidBaseUrl, ModelProviderAttributeNames.BaseUrl, null, url, problem);
                return null;
            }

            return url;
        }

        private void ReadHeaders(TypedConstant value, string providerName, List<HeaderSpec> headers)
        {
            if (value.Kind != TypedConstantKind.Array || value.IsNull)
            {
                return;
            }

            for (int i = 0; i < value.Values.Length; i++)
            {
                string? header = value.Values[i].Value as string;
                if (header is null)
                {
                    Report(DiagnosticDescriptors.MalformedHeader, ModelProviderAttributeNames.Headers, i, "null", "it is null");
                    continue;
                }

                if (ProviderRules.ParseHeader(header, out string headerName, out string headerValue) is { } problem)
                {
                    Report(DiagnosticDescriptors.MalformedHeader, ModelProviderAttributeNames.Headers, i, header, problem);
                    continue;
                }

                if (SecretRule.IsLiteralSecretHeader(headerName, headerValue))
                {
                    Report(DiagnosticDescriptors.LiteralSecret, ModelProviderAttributeNames.Headers, i,
                        $"Header '{headerName}'", ProviderRules.SuggestedHeaderVariable(providerName, headerName));
                    continue;
                }

                headers.Add(new HeaderSpec(headerName, headerValue));
            }
        }

        /// <summary>The value of a compatibility option's argument, validated by its <see cref="CompatibilityOptionTable"/> row.</summary>
        private object? ReadOption(CompatibilityOption option, TypedConstant value) => option.Kind switch
        {
            CompatibilityValueKind.Set => ReadSet(option, value),
            CompatibilityValueKind.Choice => ReadChoice(option, value),
            CompatibilityValueKind.Boolean => value.Value as bool?,
            _ => ReadReasoningTag(option, value),
        };

        private ImmutableEquatableArray<string>? ReadSet(CompatibilityOption option, TypedConstant value)
        {
            if (value.Kind != TypedConstantKind.Array || value.IsNull)
            {
                return null;
            }

            var accepted = new List<string>();
            for (int i = 0; i < value.Values.Length; i++)
            {
                string? element = value.Values[i].Value as string;
                if (element is not null && option.Normalize(element) is { } normalized)
                {
                    accepted.Add(normalized);
                }
                else if (_sink is not null)
                {
                    ReportFixable(DiagnosticDescriptors.UnknownCompatibilityValue, option.PropertyName, i,
                        FixProperties.Replace(element is null ? null : CompatibilityValues.Closest(option, element)),
                        element ?? "null", option.PropertyName, option.DescribeValid(), element is null ? "" : CompatibilityValues.DidYouMean(option, element));
                }
            }

            return CompatibilityValues.ToSet(accepted);
        }

        private string? ReadChoice(CompatibilityOption option, TypedConstant value)
        {
            if (value.Value is not string text)
            {
                return null;
            }

            if (option.Normalize(text) is { } normalized)
            {
                return normalized;
            }

            if (_sink is not null)
            {
                ReportFixable(DiagnosticDescriptors.UnknownCompatibilityValue, option.PropertyName, null, FixProperties.Replace(CompatibilityValues.Closest(option, text)),
                    text, option.PropertyName, option.DescribeValid(), CompatibilityValues.DidYouMean(option, text));
            }

            return null;
        }

        private string? ReadReasoningTag(CompatibilityOption option, TypedConstant value)
        {
            if (value.Value is not string tag)
            {
                return null;
            }

            if (CompatibilityValues.IsValidReasoningTag(tag))
            {
                return tag;
            }

            Report(DiagnosticDescriptors.UnknownCompatibilityValue, option.PropertyName, null, tag, option.PropertyName, option.DescribeValid(), "");
            return null;
        }

        private void Report(DiagnosticDescriptor descriptor, string? argument, int? element, params object[] arguments) =>
            _sink?.Report(descriptor, Locate(argument, element), arguments);

        /// <summary>Reports with data for the rule's code fix (see <see cref="FixProperties"/>). Callers compute fix data
        /// and did-you-mean strings only when there is a sink.</summary>
        private void ReportFixable(DiagnosticDescriptor descriptor, string? argument, int? element, ImmutableDictionary<string, string?> fixData, params object[] arguments) =>
            _sink?.ReportFixable(descriptor, Locate(argument, element), fixData, arguments);

        private void ReportAtAttribute(DiagnosticDescriptor descriptor, params object[] arguments) =>
            _sink?.Report(descriptor,
                DiagnosticLocation.From(AttributeArgumentLocator.LocateAttribute(_attribute, _registryClass, _cancellationToken)), arguments);
    }
}

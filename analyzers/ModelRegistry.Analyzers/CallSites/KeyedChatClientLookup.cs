using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Recognizes where code asks dependency injection for a keyed <c>IChatClient</c>, and finds the key: the argument of
/// <c>[FromKeyedServices(key)]</c> on an <c>IChatClient</c> parameter, and the <c>serviceKey</c> of
/// <c>GetKeyedService&lt;IChatClient&gt;</c> / <c>GetRequiredKeyedService&lt;IChatClient&gt;</c> or of their
/// <c>(typeof(IChatClient), key)</c> forms (the extension methods and <c>IKeyedServiceProvider</c>'s own). Other service
/// types are not registry models, so their keys are not model ids.
/// </summary>
internal sealed class KeyedChatClientLookup
{
    public const string GetKeyedService = "GetKeyedService";
    public const string GetRequiredKeyedService = "GetRequiredKeyedService";
    public const string FromKeyedServices = "FromKeyedServices";

    private const string KeyParameter = "key";
    private const string ServiceKeyParameter = "serviceKey";
    private const string ServiceTypeParameter = "serviceType";

    private readonly INamedTypeSymbol _chatClient;
    private readonly INamedTypeSymbol? _embeddingGenerator;
    private readonly INamedTypeSymbol? _fromKeyedServices;
    private readonly INamedTypeSymbol? _extensions;
    private readonly INamedTypeSymbol? _keyedServiceProvider;

    private KeyedChatClientLookup(INamedTypeSymbol chatClient, INamedTypeSymbol? fromKeyedServices, INamedTypeSymbol? extensions, INamedTypeSymbol? keyedServiceProvider)
    {
        _chatClient = chatClient;
        _embeddingGenerator = chatClient.ContainingAssembly.GetTypeByMetadataName("Microsoft.Extensions.AI.IEmbeddingGenerator`2");
        _fromKeyedServices = fromKeyedServices;
        _extensions = extensions;
        _keyedServiceProvider = keyedServiceProvider;
    }

    /// <summary>The lookup for <paramref name="compilation"/>, or <see langword="null"/> when it references no keyed services
    /// (or no <c>IChatClient</c>): nothing is then worth a syntax action.</summary>
    public static KeyedChatClientLookup? Create(Compilation compilation)
    {
        INamedTypeSymbol? chatClient = compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.IChatClient");
        INamedTypeSymbol? fromKeyedServices = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        INamedTypeSymbol? extensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions");
        INamedTypeSymbol? keyedServiceProvider = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IKeyedServiceProvider");
        return chatClient is null || (fromKeyedServices is null && extensions is null && keyedServiceProvider is null)
            ? null
            : new KeyedChatClientLookup(chatClient, fromKeyedServices, extensions, keyedServiceProvider);
    }

    /// <summary>Whether <paramref name="name"/> may name a keyed lookup: the syntax filter before any binding.</summary>
    public static bool IsCandidateMethodName(string? name) => name is GetKeyedService or GetRequiredKeyedService;

    /// <summary>Whether <paramref name="name"/> (as written in an attribute list) may name <c>[FromKeyedServices]</c>.</summary>
    public static bool IsCandidateAttributeName(string? name) => name is FromKeyedServices or FromKeyedServices + "Attribute";

    /// <summary>The key of a keyed <c>IChatClient</c> (or <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>, then
    /// <paramref name="embedding"/>) lookup, or <see langword="null"/> when <paramref name="invocation"/> is none.</summary>
    public IOperation? Key(IInvocationOperation invocation, out bool embedding)
    {
        embedding = false;
        IMethodSymbol method = invocation.TargetMethod;
        if (!IsCandidateMethodName(method.Name) || !IsKeyedLookupType(method.ContainingType))
        {
            return null;
        }

        ITypeSymbol? serviceType = method.IsGenericMethod
            ? method.TypeArguments[0]
            : WithoutConversions(Argument(invocation, ServiceTypeParameter)) is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;
        embedding = IsEmbeddingGenerator(serviceType);
        return embedding || SymbolEqualityComparer.Default.Equals(serviceType, _chatClient)
            ? WithoutConversions(Argument(invocation, ServiceKeyParameter))
            : null;
    }

    /// <summary>Whether <paramref name="type"/> is <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>, the service
    /// type of a registry's keyed embedding models.</summary>
    private bool IsEmbeddingGenerator(ITypeSymbol? type) =>
        _embeddingGenerator is not null
        && type is INamedTypeSymbol { TypeArguments.Length: 2 } named
        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _embeddingGenerator)
        && named.TypeArguments[0].SpecialType == SpecialType.System_String
        && named.TypeArguments[1] is INamedTypeSymbol { Name: "Embedding", TypeArguments.Length: 1 } vector
        && vector.TypeArguments[0].SpecialType == SpecialType.System_Single;

    /// <summary>The key of <c>[FromKeyedServices(key)]</c> on an <c>IChatClient</c> <paramref name="parameter"/>, or
    /// <see langword="null"/> when <paramref name="attribute"/> is another attribute or the parameter another type.</summary>
    public IOperation? Key(IAttributeOperation attribute, IParameterSymbol parameter, out bool embedding)
    {
        embedding = IsEmbeddingGenerator(parameter.Type);
        return _fromKeyedServices is not null
            && attribute.Operation is IObjectCreationOperation { Constructor: { } constructor } creation
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _fromKeyedServices)
            && (embedding || SymbolEqualityComparer.Default.Equals(parameter.Type, _chatClient))
                ? WithoutConversions(creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == KeyParameter)?.Value)
                : null;
    }

    private bool IsKeyedLookupType(INamedTypeSymbol? type) =>
        type is not null
        && (SymbolEqualityComparer.Default.Equals(type, _extensions)
            || (_keyedServiceProvider is not null
                && (SymbolEqualityComparer.Default.Equals(type, _keyedServiceProvider)
                    || type.AllInterfaces.Contains(_keyedServiceProvider, SymbolEqualityComparer.Default))));

    private static IOperation? Argument(IInvocationOperation invocation, string parameter) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter)?.Value;

    /// <summary>The key parameter is <c>object?</c>: the string constant sits under an implicit conversion.</summary>
    private static IOperation? WithoutConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}

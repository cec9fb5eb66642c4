using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static ModelRegistry.Analyzers.LoadChatModelCall;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Finds which model a chat call's client is, when the method shows it with a constant id: the client expression is a
/// generated <c>LoadChatModel(...)</c> (every overload: <c>"provider:model"</c>, <c>("model", "provider")</c>, the
/// nested provider class, <c>new ChatModelId("provider", "model")</c>, a typed id such as <c>Models.Vllm.Qwen3_4B</c>) or
/// a keyed lookup <c>GetRequiredKeyedService&lt;IChatClient&gt;("provider:model")</c>; or a local whose only assignment
/// is one of those (<see cref="LocalValues"/>); or an <c>IChatClient</c> parameter marked
/// <c>[FromKeyedServices("provider:model")]</c> that is never assigned. Anything else (a field, a wrapped client
/// such as <c>.AsBuilder()…Build()</c>, a value from another method) is not followed.
/// </summary>
internal sealed class ChatModelResolver
{
    private readonly DeclaredRegistries _registries;
    private readonly INamedTypeSymbol _chatModelId;
    private readonly INamedTypeSymbol? _modelRegistry;
    private readonly KeyedChatClientLookup? _keyed;
    private readonly INamedTypeSymbol _chatClient;
    private readonly INamedTypeSymbol? _fromKeyedServices;

    public ChatModelResolver(
        DeclaredRegistries registries, INamedTypeSymbol chatModelId, INamedTypeSymbol? modelRegistry, KeyedChatClientLookup? keyed,
        INamedTypeSymbol chatClient, INamedTypeSymbol? fromKeyedServices)
    {
        _registries = registries;
        _chatModelId = chatModelId;
        _modelRegistry = modelRegistry;
        _keyed = keyed;
        _chatClient = chatClient;
        _fromKeyedServices = fromKeyedServices;
    }

    /// <summary>The model <paramref name="client"/> (the receiver of a chat call) is, or <see langword="null"/> when the
    /// method does not show it.</summary>
    public ChatModelTarget? Resolve(IOperation client, CancellationToken cancellationToken)
    {
        IOperation value = WithoutConversions(client);
        if (value is ILocalReferenceOperation local && value.SemanticModel is { } semanticModel
            && LocalValues.Initializer(local.Local, semanticModel, cancellationToken) is { } initializer)
        {
            value = WithoutConversions(initializer);
        }

        return value switch
        {
            IInvocationOperation invocation => FromInvocation(invocation),
            IParameterReferenceOperation parameter => FromKeyedParameter(parameter.Parameter, cancellationToken),
            _ => null,
        };
    }

    private ChatModelTarget? FromInvocation(IInvocationOperation invocation)
    {
        if (_keyed?.Key(invocation, out bool embedding) is { } key)
        {
            // A keyed embedding generator is no chat client: no chat capability applies to it.
            return !embedding && Constant(key) is { } id && _registries.InCompilation is { } all ? Combined(all, id) : null;
        }

        if (Registry(invocation, _registries, _modelRegistry, out ProviderModels? fixedProvider) is not { } registry
            || Argument(invocation, ModelParameter) is not { } model)
        {
            return null;
        }

        if (fixedProvider is not null)
        {
            return Constant(model) is { Length: > 0 } modelId ? Target(fixedProvider, modelId) : null;
        }

        if (Argument(invocation, ProviderParameter) is { } provider)
        {
            return Separate(registry, Constant(provider), Constant(model));
        }

        if (SymbolEqualityComparer.Default.Equals(model.Type, _chatModelId))
        {
            return Typed(registry, WithoutConversions(model));
        }

        return Constant(model) is { } combined ? Combined(registry, combined) : null;
    }

    /// <summary><c>[FromKeyedServices("provider:model")] IChatClient client</c>, never assigned in its member.</summary>
    private ChatModelTarget? FromKeyedParameter(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (_fromKeyedServices is null || !SymbolEqualityComparer.Default.Equals(parameter.Type, _chatClient)
            || _registries.InCompilation is not { } all)
        {
            return null;
        }

        AttributeData? attribute = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _fromKeyedServices));
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string id
            || parameter.DeclaringSyntaxReferences.Length != 1
            || LocalValues.IsWrittenAfterDeclaration(parameter.Name, LocalValues.Scope(parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken))))
        {
            return null;
        }

        return Combined(all, id);
    }

    private ChatModelTarget? Typed(RegistryIndex registry, IOperation model)
    {
        if (model is IObjectCreationOperation { Constructor: { Parameters.Length: 2 } constructor } creation
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _chatModelId))
        {
            return Separate(
                registry,
                Constant(creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value),
                Constant(creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value));
        }

        // A generated typed id: a static ChatModelId property of a nested provider class of a registry class.
        if (model is IPropertyReferenceOperation { Property: { IsStatic: true, ContainingType: { ContainingType: { } outer } nested } property }
            && SymbolEqualityComparer.Default.Equals(property.Type, _chatModelId)
            && _registries.Find(outer) is { } owner
            && owner.FindNestedClass(nested.Name) is { } provider
            && provider.TypedId(property.Name) is { } capabilities)
        {
            return new ChatModelTarget(provider.Name + ":" + capabilities.Id, provider, capabilities);
        }

        return null;
    }

    private static ChatModelTarget? Combined(RegistryIndex registry, string id)
    {
        int colon = id.IndexOf(':');
        return colon > 0 && colon < id.Length - 1 ? Separate(registry, id.Substring(0, colon), id.Substring(colon + 1)) : null;
    }

    private static ChatModelTarget? Separate(RegistryIndex registry, string? providerName, string? modelId) =>
        providerName is { Length: > 0 } && modelId is { Length: > 0 } && registry.FindProvider(providerName) is { } provider
            ? Target(provider, modelId)
            : null;

    private static ChatModelTarget Target(ProviderModels provider, string modelId) =>
        new(provider.Name + ":" + modelId, provider, provider.Capabilities(modelId));
}

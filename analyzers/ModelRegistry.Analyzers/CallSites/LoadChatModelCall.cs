using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelRegistry.Analyzers;

/// <summary>
/// Recognizes a call of a generated <c>LoadChatModel</c> and the registry it loads from: on the registry class itself,
/// on a nested provider class of one (<c>Models.Vllm</c>, whose provider is then fixed), or through a registry class's
/// static <c>Registry</c> object. A registry object from anywhere else (a parameter, a field) is not traced. Shared by the
/// id rules (<see cref="ModelIdChecker"/>) and the capability rules (<see cref="ChatModelResolver"/>).
/// </summary>
internal static class LoadChatModelCall
{
    public const string MethodName = "LoadChatModel";
    public const string EmbeddingMethodName = "LoadEmbeddingModel";
    public const string ModelParameter = "model";
    public const string ProviderParameter = "modelProvider";
    private const string RegistryProperty = "Registry";

    /// <summary>The registry <paramref name="invocation"/> loads from, or <see langword="null"/> when it is no generated
    /// <c>LoadChatModel</c> (nor, with <paramref name="includeEmbedding"/>, <c>LoadEmbeddingModel</c>);
    /// <paramref name="fixedProvider"/> is the nested provider class's provider, if any.</summary>
    public static RegistryIndex? Registry(
        IInvocationOperation invocation, DeclaredRegistries registries, INamedTypeSymbol? modelRegistry, out ProviderModels? fixedProvider,
        bool includeEmbedding = false)
    {
        fixedProvider = null;
        IMethodSymbol method = invocation.TargetMethod;
        if (!(method.Name == MethodName || includeEmbedding && method.Name == EmbeddingMethodName) || method.ContainingType is not { } type)
        {
            return null;
        }

        if (!method.IsStatic)
        {
            return modelRegistry is not null
                && invocation.Instance is IPropertyReferenceOperation { Property: { Name: RegistryProperty, IsStatic: true, ContainingType: { } owner } property }
                && SymbolEqualityComparer.Default.Equals(property.Type, modelRegistry)
                    ? registries.Find(owner)
                    : null;
        }

        if (registries.Find(type) is { } registry)
        {
            return registry;
        }

        if (type.ContainingType is { } outer && registries.Find(outer) is { } outerRegistry
            && outerRegistry.FindNestedClass(type.Name) is { } provider)
        {
            fixedProvider = provider;
            return outerRegistry;
        }

        return null;
    }

    /// <summary>The value passed for <paramref name="parameter"/>, or <see langword="null"/> when the call leaves it to its default.</summary>
    public static IOperation? Argument(IInvocationOperation invocation, string parameter) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;

    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static string? Constant(IOperation? value) =>
        value?.ConstantValue is { HasValue: true, Value: string text } ? text : null;
}

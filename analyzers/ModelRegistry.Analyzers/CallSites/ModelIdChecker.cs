using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Generator;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The call-site rules for one compilation: MR0015 (unknown provider), MR0016 (model its provider's profiles do not
/// list; only for providers that have profiles: any model loads, profiled or not) and MR0017 (malformed id). Each is
/// reported at the constant's own expression (the string literal, or the name of the constant).
/// </summary>
internal sealed class ModelIdChecker
{
    private const string LoadChatModel = "LoadChatModel";
    private const string ModelParameter = "model";
    private const string ProviderParameter = "modelProvider";

    private readonly DeclaredRegistries _registries;
    private readonly INamedTypeSymbol _chatModelId;

    public ModelIdChecker(DeclaredRegistries registries, INamedTypeSymbol chatModelId)
    {
        _registries = registries;
        _chatModelId = chatModelId;
    }

    /// <summary>Checks one invocation; <paramref name="report"/> receives the diagnostics.</summary>
    public void AnalyzeInvocation(IInvocationOperation invocation, Action<Diagnostic> report)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != LoadChatModel || !method.IsStatic || method.ContainingType is not { } type)
        {
            return;
        }

        // On the registry class itself, or on a nested provider class of one.
        ProviderModels? fixedProvider = null;
        RegistryIndex? registry = _registries.Find(type);
        if (registry is null)
        {
            if (type.ContainingType is not { } outer || (registry = _registries.Find(outer)) is null
                || (fixedProvider = registry.FindNestedClass(type.Name)) is null)
            {
                return;
            }
        }

        IOperation? model = Argument(invocation, ModelParameter);
        IOperation? provider = Argument(invocation, ProviderParameter);
        if (model is null)
        {
            return;
        }

        if (fixedProvider is not null)
        {
            CheckModel(report, fixedProvider, model);
        }
        else if (provider is not null)
        {
            CheckSeparate(report, registry, model, provider);
        }
        else if (SymbolEqualityComparer.Default.Equals(model.Type, _chatModelId))
        {
            CheckTyped(report, registry, model);
        }
        else
        {
            CheckCombined(report, registry, model);
        }
    }

    /// <summary><c>LoadChatModel("provider:model")</c>: an id without a colon is left to <c>PREFERRED_PROVIDER</c> at run time.</summary>
    private static void CheckCombined(Action<Diagnostic> report, RegistryIndex registry, IOperation model)
    {
        if (Constant(model) is not { } id)
        {
            return;
        }

        int colon = id.IndexOf(':');
        string? problem = id.Length == 0 ? "it is empty"
            : colon == 0 ? "the provider before ':' is empty"
            : colon == id.Length - 1 ? "the model after ':' is empty"
            : null;
        if (problem is not null)
        {
            Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, id, problem);
            return;
        }

        if (colon < 0)
        {
            return;
        }

        string providerName = id.Substring(0, colon);
        string modelId = id.Substring(colon + 1);
        if (FindProvider(report, registry, providerName, model, closest => closest + ":" + modelId) is { } provider)
        {
            CheckModelId(report, provider, modelId, model);
        }
    }

    /// <summary><c>LoadChatModel("model", "provider")</c>.</summary>
    private static void CheckSeparate(Action<Diagnostic> report, RegistryIndex registry, IOperation model, IOperation provider)
    {
        ProviderModels? found = null;
        if (Constant(provider) is { } providerName)
        {
            if (providerName.Length == 0)
            {
                Report(report, DiagnosticDescriptors.MalformedModelId, provider, FixProperties.None, providerName, "the provider is empty");
                return;
            }

            found = FindProvider(report, registry, providerName, provider, closest => closest);
        }

        if (Constant(model) is { } modelId)
        {
            if (modelId.Length == 0)
            {
                Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, modelId, "the model is empty");
            }
            else if (found is not null)
            {
                CheckModelId(report, found, modelId, model);
            }
        }
    }

    /// <summary><c>Models.Vllm.LoadChatModel("model")</c>: the provider is the class's.</summary>
    private static void CheckModel(Action<Diagnostic> report, ProviderModels provider, IOperation model)
    {
        if (Constant(model) is not { } modelId)
        {
            return;
        }

        if (modelId.Length == 0)
        {
            Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, modelId, "the model is empty");
            return;
        }

        CheckModelId(report, provider, modelId, model);
    }

    /// <summary><c>LoadChatModel(new ChatModelId("provider", "model"))</c>.</summary>
    private void CheckTyped(Action<Diagnostic> report, RegistryIndex registry, IOperation model)
    {
        if (WithoutConversions(model) is IObjectCreationOperation { Constructor: { } constructor } creation
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _chatModelId)
            && constructor.Parameters.Length == 2)
        {
            IOperation? provider = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            IOperation? modelId = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value;
            if (provider is not null && modelId is not null)
            {
                CheckSeparate(report, registry, modelId, provider);
            }
        }
    }

    private static ProviderModels? FindProvider(
        Action<Diagnostic> report, RegistryIndex registry, string name, IOperation at, Func<string, string> replacement)
    {
        if (registry.FindProvider(name) is { } provider)
        {
            return provider;
        }

        string? closest = ClosestMatch.Find(name, registry.ProviderNames);
        Report(report, DiagnosticDescriptors.UnknownProviderInModelId, at,
            closest is null ? FixProperties.None : FixProperties.Replace(replacement(closest)).Add(FixProperties.ClosestProvider, closest),
            name, registry.ClassName, closest is null ? string.Empty : $" (did you mean '{closest}'?)", string.Join(", ", registry.ProviderNames));
        return null;
    }

    private static void CheckModelId(Action<Diagnostic> report, ProviderModels provider, string modelId, IOperation at)
    {
        if (provider.HasProfiles && !provider.Lists(modelId))
        {
            Report(report, DiagnosticDescriptors.UnknownModelInModelId, at, FixProperties.None,
                provider.Name, modelId, ClosestMatch.DidYouMean(modelId, provider.Ids));
        }
    }

    private static IOperation? Argument(IInvocationOperation invocation, string parameter) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;

    private static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static string? Constant(IOperation value) =>
        value.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    private static void Report(
        Action<Diagnostic> report, DiagnosticDescriptor descriptor, IOperation at, ImmutableDictionary<string, string?> properties, params object[] arguments) =>
        report(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), properties, arguments));
}

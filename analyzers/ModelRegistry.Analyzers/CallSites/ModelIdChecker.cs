using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The call-site rules for one compilation: MR0015 (unknown provider), MR0016 (model its provider's profiles do not
/// list; only for providers that have profiles: any model loads, profiled or not), MR0017 (malformed id) and MR0028
/// (model whose profile, from a profile file or a models.dev catalog, has <c>status: deprecated</c>). Each is
/// reported at the constant's own expression (the string literal, or the name of the constant). The ids are those of a
/// generated <c>LoadChatModel</c> (static, or through a registry class's <c>Registry</c> object), checked against that
/// registry class, and the keys of keyed <c>IChatClient</c> services (<see cref="KeyedChatClientLookup"/>), which name no
/// registry class and are checked against every registry class the compilation declares.
/// </summary>
internal sealed class ModelIdChecker
{
    private const string LoadChatModel = LoadChatModelCall.MethodName;
    private const string ModelParameter = LoadChatModelCall.ModelParameter;
    private const string ProviderParameter = LoadChatModelCall.ProviderParameter;
    private const string LoadEmbeddingModel = LoadChatModelCall.EmbeddingMethodName;

    private readonly DeclaredRegistries _registries;
    private readonly INamedTypeSymbol _chatModelId;
    private readonly INamedTypeSymbol? _embeddingModelId;
    private readonly INamedTypeSymbol? _modelRegistry;
    private readonly KeyedChatClientLookup? _keyed;

    public ModelIdChecker(DeclaredRegistries registries, INamedTypeSymbol chatModelId, INamedTypeSymbol? embeddingModelId, INamedTypeSymbol? modelRegistry, KeyedChatClientLookup? keyed)
    {
        _registries = registries;
        _chatModelId = chatModelId;
        _embeddingModelId = embeddingModelId;
        _modelRegistry = modelRegistry;
        _keyed = keyed;
    }

    /// <summary>Checks one invocation; <paramref name="report"/> receives the diagnostics.</summary>
    public void AnalyzeInvocation(IInvocationOperation invocation, Action<Diagnostic> report)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is not (LoadChatModel or LoadEmbeddingModel))
        {
            if (_keyed?.Key(invocation, out bool keyedEmbedding) is { } key)
            {
                AnalyzeKey(key, keyedEmbedding, report);
            }

            return;
        }

        bool embedding = method.Name == LoadEmbeddingModel;
        if (LoadChatModelCall.Registry(invocation, _registries, _modelRegistry, out ProviderModels? fixedProvider, includeEmbedding: true) is not { } registry)
        {
            return;
        }

        IOperation? model = LoadChatModelCall.Argument(invocation, ModelParameter);
        IOperation? provider = LoadChatModelCall.Argument(invocation, ProviderParameter);
        if (model is null)
        {
            return;
        }

        if (fixedProvider is not null)
        {
            CheckModel(report, fixedProvider, model, embedding);
        }
        else if (provider is not null)
        {
            CheckSeparate(report, registry, model, provider, embedding);
        }
        else if (SymbolEqualityComparer.Default.Equals(model.Type, _chatModelId) || SymbolEqualityComparer.Default.Equals(model.Type, _embeddingModelId))
        {
            CheckTyped(report, registry, model, embedding);
        }
        else
        {
            CheckCombined(report, registry, model, embedding);
        }
    }

    /// <summary>Checks the key of <c>[FromKeyedServices(key)]</c> on <paramref name="parameter"/>.</summary>
    public void AnalyzeAttribute(IAttributeOperation attribute, IParameterSymbol parameter, Action<Diagnostic> report)
    {
        if (_keyed?.Key(attribute, parameter, out bool embedding) is { } key)
        {
            AnalyzeKey(key, embedding, report);
        }
    }

    /// <summary>
    /// A keyed <c>IChatClient</c>'s key is a <c>provider:model</c> id of whichever registry <c>AddModelRegistry</c> was given:
    /// with one registry class in the compilation that one, with several any of them; with none there is nothing to check.
    /// </summary>
    private void AnalyzeKey(IOperation key, bool embedding, Action<Diagnostic> report)
    {
        if (_registries.InCompilation is { } registries)
        {
            CheckCombined(report, registries, key, embedding);
        }
    }

    /// <summary><c>LoadChatModel("provider:model")</c>, or a keyed service's key: an id without a colon is left to
    /// <c>PREFERRED_PROVIDER</c> at run time.</summary>
    private static void CheckCombined(Action<Diagnostic> report, RegistryIndex registry, IOperation model, bool embedding)
    {
        if (LoadChatModelCall.Constant(model) is not { } id)
        {
            return;
        }

        int colon = id.IndexOf(':');
        string? problem = id.Length == 0 ? "it is empty"
            : colon == 0 ? "the provider before ':' is empty"
            : colon == id.Length - 1 && !string.Equals(id, "openai-compatible:", StringComparison.OrdinalIgnoreCase) ? "the model after ':' is empty"
            : null;
        if (problem is null && colon == id.Length - 1)
        {
            // "openai-compatible:" loads OPENAI_COMPATIBLE_DEFAULT_MODEL at run time (the generic-provider seed's default model).
            return;
        }

        if (problem is not null)
        {
            Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, id, problem);
            return;
        }

        if (colon < 0 || registry.IsDeclaredWithErrors(id))
        {
            return;
        }

        string providerName = id.Substring(0, colon);
        string modelId = id.Substring(colon + 1);
        if (FindProvider(report, registry, providerName, model, closest => closest + ":" + modelId) is { } provider)
        {
            CheckModelId(report, provider, modelId, model, embedding);
        }
    }

    /// <summary><c>LoadChatModel("model", "provider")</c>.</summary>
    private static void CheckSeparate(Action<Diagnostic> report, RegistryIndex registry, IOperation model, IOperation provider, bool embedding)
    {
        ProviderModels? found = null;
        if (LoadChatModelCall.Constant(provider) is { } providerName)
        {
            if (providerName.Length == 0)
            {
                Report(report, DiagnosticDescriptors.MalformedModelId, provider, FixProperties.None, providerName, "the provider is empty");
                return;
            }

            found = registry.IsDeclaredWithErrors(providerName) ? null : FindProvider(report, registry, providerName, provider, closest => closest);
        }

        if (LoadChatModelCall.Constant(model) is { } modelId)
        {
            if (modelId.Length == 0)
            {
                Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, modelId, "the model is empty");
            }
            else if (found is not null)
            {
                CheckModelId(report, found, modelId, model, embedding);
            }
        }
    }

    /// <summary><c>Models.Vllm.LoadChatModel("model")</c>: the provider is the class's.</summary>
    private static void CheckModel(Action<Diagnostic> report, ProviderModels provider, IOperation model, bool embedding)
    {
        if (LoadChatModelCall.Constant(model) is not { } modelId)
        {
            return;
        }

        if (modelId.Length == 0)
        {
            Report(report, DiagnosticDescriptors.MalformedModelId, model, FixProperties.None, modelId, "the model is empty");
            return;
        }

        CheckModelId(report, provider, modelId, model, embedding);
    }

    /// <summary><c>LoadChatModel(new ChatModelId("provider", "model"))</c>, <c>LoadEmbeddingModel(new EmbeddingModelId(...))</c>.</summary>
    private void CheckTyped(Action<Diagnostic> report, RegistryIndex registry, IOperation model, bool embedding)
    {
        if (LoadChatModelCall.WithoutConversions(model) is IObjectCreationOperation { Constructor: { } constructor } creation
            && (SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _chatModelId) || SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _embeddingModelId))
            && constructor.Parameters.Length == 2)
        {
            IOperation? provider = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            IOperation? modelId = creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value;
            if (provider is not null && modelId is not null)
            {
                CheckSeparate(report, registry, modelId, provider, embedding);
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
            name, registry.Description, closest is null ? string.Empty : $" (did you mean '{closest}'?)", string.Join(", ", registry.ProviderNames));
        return null;
    }

    /// <summary>MR0016 for a model the profiles do not list; MR0029 for one they list as the other kind (an embedding
    /// model loaded as chat, or a chat model as embeddings).</summary>
    private static void CheckModelId(Action<Diagnostic> report, ProviderModels provider, string modelId, IOperation at, bool embedding)
    {
        if (provider.HasProfiles && !provider.Lists(modelId))
        {
            Report(report, DiagnosticDescriptors.UnknownModelInModelId, at, FixProperties.None,
                provider.Name, modelId, ClosestMatch.DidYouMean(modelId, provider.Ids));
        }
        else if (provider.HasProfiles && provider.IsEmbedding(modelId) != embedding)
        {
            Report(report, DiagnosticDescriptors.ModelKindMismatch, at, FixProperties.None,
                provider.Name, modelId,
                embedding ? "a chat model (its profile sets no \"kind\": \"embedding\")" : "an embedding model (its profile says \"kind\": \"embedding\")",
                embedding ? "used as an embedding model" : "used as a chat model",
                embedding
                    ? "Load it with LoadChatModel (or resolve it as a keyed IChatClient), or add \"kind\": \"embedding\" to its profile if it is an embedding model"
                    : "Load it with LoadEmbeddingModel (or resolve it as a keyed IEmbeddingGenerator<string, Embedding<float>>); as a chat model every call fails");
        }
        else if (provider.DeprecatedModel(modelId) is { } deprecated)
        {
            Report(report, DiagnosticDescriptors.DeprecatedModel, at, FixProperties.None,
                provider.Name, modelId, string.Equals(deprecated, modelId, StringComparison.OrdinalIgnoreCase) ? "" : $", as '{deprecated}' whose alias it is");
        }
    }

    private static void Report(
        Action<Diagnostic> report, DiagnosticDescriptor descriptor, IOperation at, ImmutableDictionary<string, string?> properties, params object[] arguments) =>
        report(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), properties, arguments));
}

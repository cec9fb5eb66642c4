using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The load path of every generated registry, shared here instead of being written into each user's assembly: splitting
/// a <c>provider:model</c> id, the preferred provider of a bare id, resolving an alias, building a routed model's routes,
/// and the errors that name what exists. The generated class derives from it and supplies only what is per registry:
/// its providers, its switch-tree lookups (<see cref="FindProvider"/>, <see cref="FindProfile"/>) and the construction
/// of its users' own client types (<see cref="Create"/>). Not meant to be used by hand: use the generated members.
/// </summary>
/// <remarks>
/// Loads cost a virtual call or two against a network call of milliseconds to seconds; the allocation-free lookups
/// (<c>TryGetProvider</c>, <c>TryGetProfile</c>) stay in the generated class, where the JIT inlines them.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "The overloads implement IModelRegistry's, which mirror the generated static ones.")]
public abstract class GeneratedRegistry : IModelRegistry
{
    private readonly string _name;
    private readonly RouteClientFactory _createRoute;
    private readonly EmbeddingRouteFactory _createEmbeddingRoute;

    /// <summary>Creates the registry object of a generated registry class.</summary>
    /// <param name="name">The registry class's name, for <see cref="ToString"/>.</param>
    /// <param name="providers">Every provider, ordinal-sorted by name: the indexes <see cref="FindProvider"/> returns.</param>
    protected GeneratedRegistry(string name, ImmutableArray<ProviderInfo> providers)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = name;
        Providers = providers;
        _createRoute = CreateRoute;
        _createEmbeddingRoute = CreateEmbeddingRoute;
    }

    /// <inheritdoc/>
    public ImmutableArray<ProviderInfo> Providers { get; }

    /// <inheritdoc/>
    public abstract bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider);

    /// <inheritdoc/>
    public abstract bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile);

    /// <inheritdoc/>
    public IChatClient LoadChatModel(string model, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        if (ChatModelId.TrySplit(model, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> modelId))
        {
            return Load(provider, modelId, null, null, settings);
        }

        if (GenericProvider.IsDefaultModelId(model) && FindProvider(GenericProvider.Name) >= 0)
        {
            // "openai-compatible:" loads OPENAI_COMPATIBLE_DEFAULT_MODEL, the generic-provider seed's default model.
            GenericProvider.EnsureEnabled();
            string defaultModel = GenericProvider.DefaultModel();
            return Load(GenericProvider.Name, defaultModel, defaultModel, GenericProvider.Name, settings);
        }

        if (model.Contains(':', StringComparison.Ordinal))
        {
            throw GeneratedRegistrySupport.MalformedModelId(model);
        }

        string preferred = GeneratedRegistrySupport.GetPreferredProvider(Providers) ?? throw GeneratedRegistrySupport.BareModelId(model, Providers);
        if (FindProvider(preferred) < 0)
        {
            throw GeneratedRegistrySupport.UnknownPreferredProvider(preferred, Providers);
        }

        return Load(preferred, model, model, preferred, settings);
    }

    /// <inheritdoc/>
    public IChatClient LoadChatModel(string model, string modelProvider, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(modelProvider);
        return Load(modelProvider, model, model, modelProvider, settings);
    }

    /// <inheritdoc/>
    public IChatClient LoadChatModel(ChatModelId model, ChatModelSettings? settings = null)
    {
        if (model.Provider is null || model.Model is null)
        {
            throw new ArgumentException("The model id is empty: create it with a provider and a model.", nameof(model));
        }

        return Load(model.Provider, model.Model, model.Model, model.Provider, settings);
    }

    /// <summary>Loads <paramref name="model"/> from the provider at <paramref name="provider"/> in <see cref="Providers"/>:
    /// what the <c>LoadChatModel</c> method of each generated provider class does.</summary>
    /// <param name="provider">The provider's index in <see cref="Providers"/>.</param>
    /// <param name="model">The model id (it may contain colons); an alias loads the model it names, and a model without a profile still loads.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new chat client; its <c>GetService</c> answers the model's <see cref="ModelProfile"/> and <see cref="ChatClientMetadata"/>.</returns>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    public IChatClient LoadFromProvider(int provider, string model, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentOutOfRangeException.ThrowIfNegative(provider);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(provider, Providers.Length);
        return Load(provider, model, model, settings);
    }

    /// <summary>The index in <see cref="Providers"/> of the provider named <paramref name="name"/> (ignoring case), or -1.</summary>
    /// <param name="name">The provider name.</param>
    /// <returns>The index, or -1.</returns>
    protected abstract int FindProvider(ReadOnlySpan<char> name);

    /// <summary>The profile of <paramref name="model"/> (an id or alias, ignoring case) among the profiles of the provider at
    /// <paramref name="provider"/>, or <see langword="null"/>; a registry without profiles keeps this default.</summary>
    /// <param name="provider">The provider's index in <see cref="Providers"/>.</param>
    /// <param name="model">The model id or alias.</param>
    /// <returns>The profile, or <see langword="null"/>.</returns>
    protected virtual ModelProfile? FindProfile(int provider, ReadOnlySpan<char> model) => null;

    /// <summary>Resolves the configuration of <paramref name="model"/> of the provider at <paramref name="provider"/> and
    /// constructs its client: by default the library's OpenAI-compatible client; a registry with providers of the user's own
    /// client types overrides this for them.</summary>
    /// <param name="provider">The provider's index in <see cref="Providers"/>.</param>
    /// <param name="model">The canonical model id.</param>
    /// <param name="profile">The model's profile, or <see langword="null"/>.</param>
    /// <param name="settings">Load-time settings, or <see langword="null"/>.</param>
    /// <returns>A new chat client.</returns>
    protected virtual IChatClient Create(int provider, string model, ModelProfile? profile, ChatModelSettings? settings) =>
        GeneratedRegistrySupport.CreateOpenAICompatibleClient(
            GeneratedRegistrySupport.Resolve(Providers[provider], model, profile, settings, requiresEndpoint: true, requiresApiKey: true));

    /// <inheritdoc/>
    public override string ToString() => _name + " registry";

    /// <summary>Loads <paramref name="model"/> from the provider named <paramref name="provider"/>; the texts, when the
    /// caller has them, spare a copy.</summary>
    private IChatClient Load(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, string? modelText, string? providerText, ChatModelSettings? settings)
    {
        int index = FindProvider(provider);
        return index >= 0
            ? Load(index, model, modelText, settings)
            : throw GeneratedRegistrySupport.UnknownProvider(providerText ?? provider.ToString(), Providers);
    }

    /// <summary>Loads a model of the provider at <paramref name="provider"/>, resolving an alias to the model it names;
    /// a profile with routes becomes a routed client, and one with fallbacks falls back to them.</summary>
    private IChatClient Load(int provider, ReadOnlySpan<char> model, string? modelText, ChatModelSettings? settings)
    {
        ModelProfile? profile = FindProfile(provider, model);
        IChatClient client = profile is { Routes.IsEmpty: false }
            ? GeneratedRegistrySupport.CreateRoutedClient(Providers[provider], profile, settings, _createRoute)
            : Create(provider, profile?.Model ?? modelText ?? model.ToString(), profile, settings);

        // A model with fallbacks (in its profile or the overlay) tries them when it cannot answer.
        return profile is null ? client : ModelFallbackLoader.Attach(this, Providers[provider], profile, client, settings);
    }

    /// <summary>Builds the client of one route of a routed model: the named provider's own client for the route's model,
    /// never routed again.</summary>
    private IChatClient CreateRoute(string provider, string model, ChatModelSettings? settings)
    {
        int index = FindProvider(provider);
        if (index < 0)
        {
            throw GeneratedRegistrySupport.UnknownProvider(provider, Providers);
        }

        ModelProfile? profile = FindProfile(index, model);
        return Create(index, profile?.Model ?? model, profile, settings);
    }

    /// <inheritdoc/>
    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        if (ChatModelId.TrySplit(model, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> modelId))
        {
            return LoadEmbedding(provider.ToString(), modelId.ToString(), settings);
        }

        if (GenericProvider.IsDefaultModelId(model) && FindProvider(GenericProvider.Name) >= 0)
        {
            GenericProvider.EnsureEnabled();
            return LoadEmbedding(GenericProvider.Name, GenericProvider.DefaultModel(), settings);
        }

        if (model.Contains(':', StringComparison.Ordinal))
        {
            throw GeneratedRegistrySupport.MalformedModelId(model);
        }

        string preferred = GeneratedRegistrySupport.GetPreferredProvider(Providers) ?? throw GeneratedRegistrySupport.BareModelId(model, Providers);
        if (FindProvider(preferred) < 0)
        {
            throw GeneratedRegistrySupport.UnknownPreferredProvider(preferred, Providers);
        }

        return LoadEmbedding(preferred, model, settings);
    }

    /// <inheritdoc/>
    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, string modelProvider, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(modelProvider);
        return LoadEmbedding(modelProvider, model, settings);
    }

    /// <inheritdoc/>
    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(EmbeddingModelId model, ChatModelSettings? settings = null)
    {
        if (model.Provider is null || model.Model is null)
        {
            throw new ArgumentException("The model id is empty: create it with a provider and a model.", nameof(model));
        }

        return LoadEmbedding(model.Provider, model.Model, settings);
    }

    /// <summary>Loads the embedding model <paramref name="model"/> from the provider at <paramref name="provider"/> in
    /// <see cref="Providers"/>: what the <c>LoadEmbeddingModel</c> method of each generated provider class does.</summary>
    /// <param name="provider">The provider's index in <see cref="Providers"/>.</param>
    /// <param name="model">The model id (it may contain colons); an alias loads the model it names, and a model without a profile still loads.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new embedding generator; its <c>GetService</c> answers the model's <see cref="ModelProfile"/> and <see cref="EmbeddingGeneratorMetadata"/>.</returns>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingFromProvider(int provider, string model, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentOutOfRangeException.ThrowIfNegative(provider);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(provider, Providers.Length);
        return LoadEmbedding(provider, model, settings);
    }

    /// <summary>Resolves the configuration of the embedding model <paramref name="model"/> of the provider at
    /// <paramref name="provider"/> and constructs its generator: the library's OpenAI-compatible one. A provider with a
    /// chat client type of its own has no <c>/embeddings</c> the library knows how to reach, and fails to load.</summary>
    /// <param name="provider">The provider's index in <see cref="Providers"/>.</param>
    /// <param name="model">The canonical model id.</param>
    /// <param name="profile">The model's profile, or <see langword="null"/>.</param>
    /// <param name="settings">Load-time settings, or <see langword="null"/>.</param>
    /// <returns>A new embedding generator.</returns>
    protected virtual IEmbeddingGenerator<string, Embedding<float>> CreateEmbedding(int provider, string model, ModelProfile? profile, ChatModelSettings? settings)
    {
        ProviderInfo info = Providers[provider];
        if (info.ChatClientType is not null || info.ChatClientFactoryType is not null)
        {
            throw new ModelConfigurationException(
                $"Provider '{info.Name}' uses a chat client type of its own ({(info.ChatClientType ?? info.ChatClientFactoryType)!.Name}); LoadEmbeddingModel serves OpenAI-compatible providers only. Declare the embedding endpoint as a provider with Kind = \"openai-compatible\".",
                info.Name, null);
        }

        return GeneratedRegistrySupport.CreateOpenAICompatibleEmbeddingGenerator(
            GeneratedRegistrySupport.Resolve(info, model, profile, settings, requiresEndpoint: true, requiresApiKey: true));
    }

    private IEmbeddingGenerator<string, Embedding<float>> LoadEmbedding(string provider, string model, ChatModelSettings? settings)
    {
        int index = FindProvider(provider);
        return index >= 0 ? LoadEmbedding(index, model, settings) : throw GeneratedRegistrySupport.UnknownProvider(provider, Providers);
    }

    /// <summary>Loads an embedding model, resolving an alias; a profile with routes becomes a routed generator.</summary>
    private IEmbeddingGenerator<string, Embedding<float>> LoadEmbedding(int provider, string model, ChatModelSettings? settings)
    {
        ModelProfile? profile = FindProfile(provider, model);
        return profile is { Routes.IsEmpty: false }
            ? RoutedEmbeddingLoader.Load(Providers[provider], profile, settings, _createEmbeddingRoute)
            : CreateEmbedding(provider, profile?.Model ?? model, profile, settings);
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingRoute(string provider, string model, ChatModelSettings? settings)
    {
        int index = FindProvider(provider);
        if (index < 0)
        {
            throw GeneratedRegistrySupport.UnknownProvider(provider, Providers);
        }

        ModelProfile? profile = FindProfile(index, model);
        return CreateEmbedding(index, profile?.Model ?? model, profile, settings);
    }
}

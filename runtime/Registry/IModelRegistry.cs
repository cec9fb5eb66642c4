using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// A compiled registry as an object: its providers and profiles, and the models it loads. Every registry class gets
/// one, generated as its static <c>Registry</c> property (<c>Models.Registry</c> for <c>partial class Models</c>); its
/// members do exactly what the class's static members of the same names do, so code that is handed a registry — a
/// host, a gateway, a benchmark — needs no generated type.
/// </summary>
[SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "The three LoadChatModel (and LoadEmbeddingModel) overloads mirror the generated static ones (one id, id and provider, typed id); the first argument's type picks one, so the optional settings never make a call ambiguous.")]
public interface IModelRegistry
{
    /// <summary>Every provider of the registry (declared, data-declared and built-in), ordinal-sorted by name. Each
    /// lists the models its profiles describe (<see cref="ProviderInfo.Models"/>).</summary>
    ImmutableArray<ProviderInfo> Providers { get; }

    /// <summary>Finds a provider by name, ignoring case, without allocating.</summary>
    /// <param name="name">The provider name.</param>
    /// <param name="provider">The provider, when found.</param>
    /// <returns><see langword="true"/> when the registry has the provider.</returns>
    bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider);

    /// <summary>Finds the profile of a model (by id or alias) of a provider, ignoring case, without allocating.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="model">The model id or one of its aliases.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns><see langword="true"/> when the provider's profiles describe the model.</returns>
    bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile);

    /// <summary>Loads a model by its <c>provider:model</c> id, split at the first colon; an id without a provider uses
    /// the provider named by <c>PREFERRED_PROVIDER</c>.</summary>
    /// <param name="model">The <c>provider:model</c> id; an alias loads the model it names, and a model without a profile still loads.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new chat client.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared, or the id names none and no preferred provider is set.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    IChatClient LoadChatModel(string model, ChatModelSettings? settings = null);

    /// <summary>Loads <paramref name="model"/> from <paramref name="modelProvider"/>.</summary>
    /// <param name="model">The model id (it may contain colons).</param>
    /// <param name="modelProvider">The provider name, compared ignoring case.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new chat client.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    IChatClient LoadChatModel(string model, string modelProvider, ChatModelSettings? settings = null);

    /// <summary>Loads a model by its typed id.</summary>
    /// <param name="model">The provider and model.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new chat client.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    IChatClient LoadChatModel(ChatModelId model, ChatModelSettings? settings = null);

    /// <summary>Loads an embedding model by its <c>provider:model</c> id, split at the first colon; an id without a provider
    /// uses the provider named by <c>PREFERRED_PROVIDER</c>. The generator speaks OpenAI's <c>/embeddings</c>.</summary>
    /// <param name="model">The <c>provider:model</c> id; an alias loads the model it names, and a model without a profile still loads.</param>
    /// <param name="settings">Load-time settings (endpoint, key, headers, timeout, retries, answer size limit, HTTP client,
    /// logger); they win over the environment, the profile and the declaration.</param>
    /// <returns>A new embedding generator; its <c>GetService</c> answers <see cref="EmbeddingGeneratorMetadata"/> and the model's <see cref="ModelProfile"/>.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared, or the id names none and no preferred provider is set.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, an environment variable is invalid,
    /// or the provider uses a chat client type of its own (only OpenAI-compatible providers serve embeddings).</exception>
    IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, ChatModelSettings? settings = null);

    /// <summary>Loads the embedding model <paramref name="model"/> from <paramref name="modelProvider"/>.</summary>
    /// <param name="model">The model id (it may contain colons).</param>
    /// <param name="modelProvider">The provider name, compared ignoring case.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new embedding generator.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, string modelProvider, ChatModelSettings? settings = null);

    /// <summary>Loads an embedding model by its typed id.</summary>
    /// <param name="model">The provider and model.</param>
    /// <param name="settings">Load-time settings; they win over the environment, the profile and the declaration.</param>
    /// <returns>A new embedding generator.</returns>
    /// <exception cref="ModelNotFoundException">The provider is not declared.</exception>
    /// <exception cref="ModelConfigurationException">The endpoint or API key is missing, or an environment variable is invalid.</exception>
    IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(EmbeddingModelId model, ChatModelSettings? settings = null);
}

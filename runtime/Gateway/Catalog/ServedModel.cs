using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>One model the gateway serves: its public id, its profile and its (shared) client.</summary>
/// <param name="Id">The id clients send: <c>provider:model</c>.</param>
/// <param name="Provider">The provider it is loaded from.</param>
/// <param name="Profile">Its compiled profile.</param>
/// <param name="Client">The client every request to it shares (a routed client keeps circuit and rate-limit state).</param>
internal sealed record ServedModel(string Id, ProviderInfo Provider, ModelProfile Profile, IChatClient Client)
{
    /// <summary>The generator every <c>/v1/embeddings</c> request to an embedding model shares (its profile says
    /// <c>"kind": "embedding"</c>); <see langword="null"/> for a chat model. An embedding model's <see cref="Client"/>
    /// answers no chat call (<see cref="EmbeddingOnlyChatClient"/>).</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    /// <summary><see cref="Id"/> as a JSON string, quotes included: the <c>model</c> the byte pass-through writes into an answer.</summary>
    public byte[] QuotedId { get; } = GatewayJson.QuotedString(Id);
}

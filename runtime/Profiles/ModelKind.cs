namespace ModelRegistry;

/// <summary>What a model produces, from its profile's <c>kind</c> (or an <c>output_modalities</c> list naming
/// <c>embedding</c>): which load method serves it.</summary>
public enum ModelKind
{
    /// <summary>A chat (text generation) model, loaded with <c>LoadChatModel</c>: the default.</summary>
    Chat,

    /// <summary>An embedding model, loaded with <c>LoadEmbeddingModel</c> over <c>/embeddings</c>.</summary>
    Embedding,
}

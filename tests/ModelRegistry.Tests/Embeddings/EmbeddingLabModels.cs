namespace ModelRegistry.Tests.Embeddings;

/// <summary>A registry with embedding models (profiles/embed-lab.json): one batched by count, one by tokens, one routed,
/// and a chat model beside them.</summary>
[ModelProvider("embed-lab", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1", Profiles = "profiles/embed-lab.json")]
internal static partial class EmbeddingLabModels
{
}

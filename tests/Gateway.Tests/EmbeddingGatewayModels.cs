namespace ModelRegistry.Gateway.Tests;

/// <summary>A registry with embedding models (profiles/embed-hub.json): one batched two inputs a request, one routed over
/// two endpoints, and a chat model beside them.</summary>
[ModelProvider("embed-hub", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1", Profiles = "profiles/embed-hub.json")]
internal static partial class EmbeddingGatewayModels
{
}

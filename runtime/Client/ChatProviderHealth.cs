using System.Net;

namespace ModelRegistry;

/// <summary>The result of <see cref="OpenAICompatibleChatClient.CheckHealthAsync"/> and <see cref="OpenAICompatibleEmbeddingGenerator.CheckHealthAsync"/>.</summary>
/// <param name="IsHealthy">Whether the provider answered and accepted the key.</param>
/// <param name="StatusCode">The HTTP status of the probe, or <see langword="null"/> when the server could not be reached.</param>
/// <param name="Detail">Why the provider is not healthy (never contains the key), or <see langword="null"/>.</param>
public sealed record ChatProviderHealth(bool IsHealthy, HttpStatusCode? StatusCode, string? Detail);

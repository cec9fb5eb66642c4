using OllamaSharp;

namespace ModelRegistry.Tests.CaseOne;

/// <summary>
/// Case 1 with the clients people use, declared as a user writes them: OllamaSharp's <see cref="OllamaApiClient"/> by its
/// own constructor, the official OpenAI SDK through a factory (<see cref="OpenAISdkClients"/>), and a routed model
/// (profiles/case-one-hub.json) whose routes are those two providers.
/// </summary>
[ModelProvider("ollama-native", ChatClient = typeof(OllamaApiClient), BaseUrl = "http://127.0.0.1:11434")]
[ModelProvider("openai-sdk", ChatClientFactory = typeof(OpenAISdkClients), Profiles = "profiles/openai-sdk.json")]
[ModelProvider("case-one-hub", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1")]
internal static partial class CaseOneModels
{
}

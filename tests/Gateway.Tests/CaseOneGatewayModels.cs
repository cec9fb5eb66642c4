using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;
using System.ClientModel;
using System.ClientModel.Primitives;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// A registry whose routed model <c>hub:hybrid</c> (profiles/hub.json) routes over two case-1 providers: OllamaSharp's
/// <see cref="OllamaApiClient"/> (constructor case) and the official OpenAI SDK (factory case, <see cref="OpenAISdkClients"/>).
/// </summary>
[ModelProvider("ollama-native", ChatClient = typeof(OllamaApiClient), BaseUrl = "http://127.0.0.1:11434")]
[ModelProvider("openai-sdk", ChatClientFactory = typeof(OpenAISdkClients))]
[ModelProvider("hub", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1")]
internal static partial class CaseOneGatewayModels
{
}

/// <summary>The OpenAI SDK's <see cref="ChatClient"/> as an <see cref="IChatClient"/>, over the provider's HttpClient.</summary>
internal static class OpenAISdkClients
{
    public static IChatClient Create(ChatModelConfiguration configuration) =>
        new ChatClient(
                configuration.RequestModel,
                new ApiKeyCredential(configuration.ApiKey ?? throw new ModelConfigurationException("openai-sdk needs OPENAI_SDK_API_KEY.", configuration.Provider.Name, "OPENAI_SDK_API_KEY")),
                new OpenAIClientOptions
                {
                    Endpoint = configuration.Endpoint,
                    Transport = new HttpClientPipelineTransport(configuration.CreateHttpClient()),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                })
            .AsIChatClient();
}

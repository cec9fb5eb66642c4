using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace ModelRegistry.Tests.CaseOne;

/// <summary>
/// The factory of the <c>openai-sdk</c> provider: the official OpenAI SDK's <see cref="ChatClient"/> as an
/// <see cref="IChatClient"/> (Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c>), built from the configuration the
/// registry resolved — its model id, endpoint, key and the provider's <see cref="HttpClient"/>.
/// </summary>
internal static class OpenAISdkClients
{
    public static IChatClient Create(ChatModelConfiguration configuration)
    {
        string key = configuration.ApiKey ?? throw new ModelConfigurationException(
            $"Provider '{configuration.Provider.Name}' needs an API key: set {configuration.Provider.EnvironmentPrefix}_API_KEY.",
            configuration.Provider.Name, configuration.Provider.EnvironmentPrefix + "_API_KEY");
        var options = new OpenAIClientOptions
        {
            Endpoint = configuration.Endpoint,
            Transport = new HttpClientPipelineTransport(configuration.CreateHttpClient()),
            // The registry's routing moves a failed call to another route; the SDK's own retries would only delay that.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        return new ChatClient(configuration.RequestModel, new ApiKeyCredential(key), options).AsIChatClient();
    }
}

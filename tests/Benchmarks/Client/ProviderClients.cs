using System.ClientModel;
using System.ClientModel.Primitives;
using Benchmarks.Registry;
using Microsoft.Extensions.AI;
using ModelRegistry;
using OpenAI;

namespace Benchmarks.Client;

/// <summary>The clients the client benchmarks race, each sending through its own <see cref="InMemoryProviderHandler"/>.</summary>
public static class ProviderClients
{
    private const string Model = "gpt-4o-mini";
    private static readonly Uri Endpoint = new("http://provider.invalid/v1");

    /// <summary>The library's client with the built-in <c>openai</c> provider's dialect.</summary>
    public static OpenAICompatibleChatClient Library(InMemoryProviderHandler handler) => new(new ChatModelConfiguration
    {
        Provider = BenchmarkModels.Openai.Info,
        Model = Model,
        Endpoint = Endpoint,
        ApiKey = "sk-benchmark-not-a-key",
        Compatibility = BenchmarkModels.Openai.Info.Compatibility,
        Settings = new ChatModelSettings { HttpClient = new HttpClient(handler) },
    });

    /// <summary>The official <c>OpenAI</c> package's chat client, sending through the same kind of handler.</summary>
    public static OpenAI.Chat.ChatClient OfficialSdk(InMemoryProviderHandler handler) => new(Model, Credential, SdkOptions(handler));

    /// <summary>
    /// The official SDK behind Microsoft.Extensions.AI, as <c>Microsoft.Extensions.AI.OpenAI</c>'s documentation builds it:
    /// <c>new OpenAIClient(…).GetChatClient(model).AsIChatClient()</c> — the <see cref="IChatClient"/> most applications
    /// would use instead of the library's, parsing into the SDK's types and converting them to Microsoft.Extensions.AI's.
    /// </summary>
    public static IChatClient MicrosoftExtensionsAI(InMemoryProviderHandler handler) =>
        new OpenAIClient(Credential, SdkOptions(handler)).GetChatClient(Model).AsIChatClient();

    private static ApiKeyCredential Credential => new("sk-benchmark-not-a-key");

    private static OpenAIClientOptions SdkOptions(InMemoryProviderHandler handler) => new()
    {
        Endpoint = Endpoint,
        Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
    };
}

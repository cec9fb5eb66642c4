using System.ClientModel;
using System.ClientModel.Primitives;
using Benchmarks.Registry;
using ModelRegistry;
using OpenAI;

namespace Benchmarks.Client;

/// <summary>The two clients the client benchmarks race, each sending through its own <see cref="InMemoryProviderHandler"/>.</summary>
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
    public static OpenAI.Chat.ChatClient OfficialSdk(InMemoryProviderHandler handler) => new(
        Model,
        new ApiKeyCredential("sk-benchmark-not-a-key"),
        new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
        });
}

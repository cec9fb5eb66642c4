using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>Builds clients the way generated code does, pointed at a loopback server.</summary>
public static class TestClients
{
    /// <summary>Retries in tests do not sleep; the delays asked for are recorded instead.</summary>
    public static OpenAICompatibleChatClient Create(
        LoopbackProviderServer server,
        CompatibilityOptions? compatibility = null,
        ModelProfile? profile = null,
        ChatModelSettings? settings = null,
        string provider = "test",
        string model = "test-model",
        string? apiKey = "sk-test-secret-key",
        ProviderAuthentication authentication = ProviderAuthentication.Bearer,
        string? apiVersion = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        int? maxRetries = 0,
        TimeSpan? timeout = null,
        List<TimeSpan>? recordedDelays = null,
        TimeSpan? streamIdleTimeout = null,
        long? maxResponseBytes = null,
        IEnumerable<string>? providerModels = null)
    {
        var configuration = new ChatModelConfiguration
        {
            Provider = new ProviderInfo
            {
                Name = provider,
                EnvironmentPrefix = provider.ToUpperInvariant(),
                Authentication = authentication,
                ApiVersion = apiVersion,
                Models = providerModels is null ? [] : [.. providerModels],
            },
            Model = model,
            Endpoint = server.Endpoint,
            ApiKey = apiKey,
            Headers = headers ?? [],
            Compatibility = compatibility ?? CompatibilityOptions.Default,
            Profile = profile,
            Settings = settings,
            MaxRetries = maxRetries,
            Timeout = timeout,
            StreamIdleTimeout = streamIdleTimeout,
            MaxResponseBytes = maxResponseBytes,
        };

        var timing = new RetryTiming
        {
            BaseDelay = TimeSpan.FromMilliseconds(1),
            Delay = (delay, _) =>
            {
                if (recordedDelays is not null)
                {
                    lock (recordedDelays)
                    {
                        recordedDelays.Add(delay);
                    }
                }

                return Task.CompletedTask;
            },
        };
        return new OpenAICompatibleChatClient(configuration, timing);
    }

    public static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return updates;
    }

    public static ChatMessage[] Ask(string text) => [new(ChatRole.User, text)];
}

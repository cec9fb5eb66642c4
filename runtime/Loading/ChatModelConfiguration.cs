using System.Diagnostics;

namespace ModelRegistry;

/// <summary>
/// Everything a chat client needs, resolved at load time from settings, the environment, the profile and the
/// declaration (in that order of precedence). <see cref="ToString"/> and the debugger never show the key.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class ChatModelConfiguration
{
    /// <summary>The provider being loaded.</summary>
    public required ProviderInfo Provider { get; init; }

    /// <summary>The name shown as <see cref="Microsoft.Extensions.AI.ChatClientMetadata.ProviderName"/>: <c>{PREFIX}_PROVIDER_NAME</c>
    /// when set, for the generic <c>openai-compatible</c> provider the provider detected from its endpoint
    /// (<c>openrouter</c> for https://openrouter.ai/api/v1), else <see cref="ProviderInfo.Name"/>.</summary>
    public string ProviderDisplayName
    {
        get => _providerDisplayName ?? Provider.Name;
        init => _providerDisplayName = value;
    }

    private readonly string? _providerDisplayName;

    /// <summary>The canonical model id (an alias is resolved to the model it names).</summary>
    public required string Model { get; init; }

    /// <summary>The model id sent on the wire: the profile's <c>provider_model_id</c> when set, else <see cref="Model"/>.</summary>
    public string RequestModel => Profile?.ProviderModelId ?? Model;

    /// <summary>The endpoint, or <see langword="null"/> for a custom client that needs none.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The API key, or <see langword="null"/> when the provider needs none.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? ApiKey { get; init; }

    /// <summary>Extra headers with every <c>${ENV}</c> reference resolved, declaration first, then environment, then settings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The resolved compatibility options.</summary>
    public CompatibilityOptions Compatibility { get; init; } = CompatibilityOptions.Default;

    /// <summary>The model's profile, or <see langword="null"/> when the model has none.</summary>
    public ModelProfile? Profile { get; init; }

    /// <summary>The settings the model was loaded with, or <see langword="null"/>.</summary>
    public ChatModelSettings? Settings { get; init; }

    /// <summary>The time one request may take, or <see langword="null"/> for the default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How often a failed request is retried, or <see langword="null"/> for the default.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The longest a streamed answer may go without sending a byte, or <see langword="null"/> for the default (60 s).</summary>
    public TimeSpan? StreamIdleTimeout { get; init; }

    /// <summary>The largest non-streamed answer body or stream event read, in bytes, or <see langword="null"/> for the default (16 MiB).</summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>
    /// The <see cref="HttpClient"/> a case-1 client's <c>HttpClient</c> constructor parameter receives (a factory may call it too), its
    /// <see cref="HttpClient.BaseAddress"/> the resolved endpoint: a new client over the library's shared connection pool,
    /// or the settings' <see cref="ChatModelSettings.HttpClient"/> — with <c>AddModelRegistry</c>, the provider's named
    /// client <see cref="ModelRegistryOptions.GetHttpClientName"/>, created for each load — which is used as it is when it
    /// has a base address of its own and otherwise receives the endpoint as its base address.
    /// </summary>
    /// <returns>The client to send with. Disposing a new one leaves the shared pool open; the settings' client is the caller's.</returns>
    /// <exception cref="ModelConfigurationException">The settings' client has no base address and has already sent a
    /// request, so it can no longer take one.</exception>
    public HttpClient CreateHttpClient()
    {
        if (Settings?.HttpClient is { } given)
        {
            if (given.BaseAddress is null && Endpoint is { } endpoint)
            {
                try
                {
                    given.BaseAddress = endpoint;
                }
                catch (InvalidOperationException exception)
                {
                    throw new ModelConfigurationException(
                        $"Provider '{Provider.Name}': the HttpClient of the settings has no BaseAddress and has already sent requests, so it cannot take the endpoint. Set its BaseAddress, or pass a new HttpClient for each load.",
                        Provider.Name, null, exception);
                }
            }

            return given;
        }

        return new HttpClient(SharedHttpClient.Handler, disposeHandler: false)
        {
            BaseAddress = Endpoint,
            Timeout = Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : ProviderTransport.DefaultTimeout,
        };
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Provider.Name}:{Model} at {Endpoint?.ToString() ?? "(no endpoint)"}{(ApiKey is null ? "" : " (key set)")}";
}

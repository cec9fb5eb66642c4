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

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Provider.Name}:{Model} at {Endpoint?.ToString() ?? "(no endpoint)"}{(ApiKey is null ? "" : " (key set)")}";
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// Load-time settings for <c>LoadChatModel</c>. Everything set here wins over the environment, the profile and the declaration.
/// </summary>
public sealed class ChatModelSettings
{
    /// <summary>Creates settings with nothing set.</summary>
    public ChatModelSettings()
    {
    }

    /// <summary>A copy of every value of <paramref name="source"/> (nothing when it is <see langword="null"/>): the start of
    /// settings laid over others, which then change only what they layer.</summary>
    internal ChatModelSettings(ChatModelSettings? source)
    {
        if (source is null)
        {
            return;
        }

        Endpoint = source.Endpoint;
        ApiKey = source.ApiKey;
        Headers = source.Headers;
        HttpClient = source.HttpClient;
        Compatibility = source.Compatibility;
        Temperature = source.Temperature;
        MaxTokens = source.MaxTokens;
        ExtraBody = source.ExtraBody;
        Timeout = source.Timeout;
        MaxRetries = source.MaxRetries;
        StreamIdleTimeout = source.StreamIdleTimeout;
        MaxResponseBytes = source.MaxResponseBytes;
        UseResponsesApi = source.UseResponsesApi;
        DropUnsupportedParameters = source.DropUnsupportedParameters;
        LoggerFactory = source.LoggerFactory;
        RoutingOverlay = source.RoutingOverlay;
        RouteProviderSettings = source.RouteProviderSettings;
        FallbackLoader = source.FallbackLoader;
        RoutingState = source.RoutingState;
    }

    /// <summary>The endpoint (base URL ending before <c>/chat/completions</c>), an absolute http(s) URI.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The API key. Prefer the <c>{PREFIX}_API_KEY</c> environment variable: a key written here as a literal is compiled into the program.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra request headers; they replace declared or environment headers of the same name.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The <see cref="System.Net.Http.HttpClient"/> to send requests with. When unset, every client shares one handler.
    /// A client never disposes an <see cref="System.Net.Http.HttpClient"/> it was given.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Changes to the model's compatibility options.</summary>
    public CompatibilityOverrides? Compatibility { get; init; }

    /// <summary>The default temperature for requests that set none.</summary>
    public float? Temperature { get; init; }

    /// <summary>The default output-token limit for requests that set none.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Extra top-level request-body fields (for example <c>chat_template_kwargs</c>). Values are
    /// <see cref="System.Text.Json.JsonElement"/>, <see cref="System.Text.Json.Nodes.JsonNode"/>, strings, booleans or numbers.</summary>
    public IReadOnlyDictionary<string, object?>? ExtraBody { get; init; }

    /// <summary>The time one request may take; overrides <c>{PREFIX}_TIMEOUT</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How often a failed request is retried; overrides <c>{PREFIX}_MAX_RETRIES</c>.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The longest a streamed answer may go without sending a byte before it fails with a
    /// <see cref="ChatProviderException"/> (default 60 s); overrides <c>{PREFIX}_STREAM_IDLE_TIMEOUT</c>.
    /// <see cref="Timeout"/> bounds a stream only until its headers arrive; this bounds every wait after them.</summary>
    public TimeSpan? StreamIdleTimeout { get; init; }

    /// <summary>The largest answer read from the provider, in bytes (default 16 MiB): a non-streamed body, or one event of a
    /// stream. A larger one fails with a <see cref="ChatProviderException"/> once the limit is reached, without being read
    /// further. Overrides <c>{PREFIX}_MAX_RESPONSE_BYTES</c>.</summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>Send requests to the Responses API (<c>/responses</c>) instead of <c>/chat/completions</c>.</summary>
    public bool UseResponsesApi { get; init; }

    /// <summary>Whether request parameters the model's profile does not list in <c>supported_params</c> are left out
    /// (with a warning logged once). On by default; turn it off when a profile's list is incomplete.</summary>
    public bool DropUnsupportedParameters { get; init; } = true;

    /// <summary>Where the client logs (filtered parameters, clamped limits, retries). No key is ever logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Changes to the routes of routed models; when unset, the file named by <c>MODELREGISTRY_OVERLAY</c> (if any) applies.</summary>
    public RoutingOverlay? RoutingOverlay { get; init; }

    /// <summary>Lays the host's settings of a route's own provider under the settings a routed model passes that route
    /// (<c>AddModelRegistry</c> sets it, so that each route reads its provider's configuration and named HttpClient).</summary>
    internal Func<string, ChatModelSettings, ChatModelSettings>? RouteProviderSettings { get; init; }

    /// <summary>Loads a fallback model by <c>provider:model</c> id for a host that holds the clients it serves (the gateway
    /// lends its shared client, so that a fallback's circuits and limits are the same whether it is called directly or as
    /// a fallback; <c>Owned</c> is then false); <see langword="null"/> leaves out a fallback the host does not serve (OFFLOAD
    /// left it no route). When unset, the registry loads the fallback itself.</summary>
    internal Func<string, (IChatClient Client, bool Owned)?>? FallbackLoader { get; init; }
    /// <summary>Where routed models keep their windows, circuits and usage counters when several processes share them
    /// (the gateway's <c>Gateway:Redis</c>); <see langword="null"/> keeps them in process, as always.</summary>
    internal IRoutingStateStore? RoutingState { get; init; }
}

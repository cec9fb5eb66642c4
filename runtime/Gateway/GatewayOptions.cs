using System.Globalization;

namespace ModelRegistry.Gateway;

/// <summary>
/// The gateway's settings, from configuration (<c>appsettings.json</c>, environment variables such as
/// <c>Gateway__ApiKeys</c>, or the command line), then changed by the <c>configure</c> callback of
/// <c>AddModelRegistryGateway</c> if one is given. Read by hand rather than bound, so no reflection is needed under AOT.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Bearer keys clients must send; empty means no authentication (<c>Gateway:ApiKeys</c>, comma-separated).</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>The routing overlay file (<c>Gateway:Overlay</c>); else <c>MODELREGISTRY_OVERLAY</c> applies.</summary>
    public string? OverlayPath { get; set; }

    /// <summary>The largest request body accepted (<c>Gateway:MaxRequestBodyBytes</c>, default 4 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest a whole request may take (<c>Gateway:RequestTimeoutSeconds</c>, default 600).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest a stream may go without an update before it ends with an error event (<c>Gateway:StreamIdleTimeoutSeconds</c>, default 60).</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest upstream answer read (<c>Gateway:MaxUpstreamResponseBytes</c>, default 16 MiB): a non-streamed body,
    /// or one event of a stream. A larger one is a failure of its route, read no further than the limit.</summary>
    public long MaxUpstreamResponseBytes { get; set; } = DefaultMaxUpstreamResponseBytes;

    private const long DefaultMaxUpstreamResponseBytes = 16 * 1024 * 1024;

    /// <summary>How long a <c>/health</c> probe result is reused (<c>Gateway:HealthCacheSeconds</c>, default 30).</summary>
    public TimeSpan HealthCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <c>GET /metrics</c> serves Prometheus text (<c>Gateway:Metrics</c>, default <see langword="false"/>):
    /// the routing meter, ASP.NET Core's and HttpClient's instruments, through OpenTelemetry's Prometheus exporter. Like
    /// <c>/health</c> it needs no key, so keep the port private or filter the path in front of the gateway.</summary>
    public bool MetricsEnabled { get; set; }

    /// <summary>Whether edits to the overlay file apply without a restart (<c>Gateway:OverlayReload</c>, default
    /// <see langword="true"/>): each edit is validated as at start-up, then swapped in whole, or rejected and logged.</summary>
    public bool OverlayReloadEnabled { get; set; } = true;

    /// <summary>How often the overlay file is read again when no change notification came (<c>Gateway:OverlayPollSeconds</c>,
    /// default 5): container bind mounts and network shares often deliver none.</summary>
    public TimeSpan OverlayPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each route is probed in the background with <c>GET {endpoint}/models</c> (no tokens spent)
    /// to open its circuit before a user's request meets it dead, and close what a probe opened once it answers again
    /// (<c>Gateway:ProbeIntervalSeconds</c>); <see langword="null"/> (the default) probes nothing.</summary>
    public TimeSpan? ProbeInterval { get; set; }

    /// <summary>How long one background probe may take before its route counts as down (<c>Gateway:ProbeTimeoutSeconds</c>, default 5).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A StackExchange.Redis configuration string (<c>Gateway:Redis</c>, for example <c>127.0.0.1:6379</c>): every
    /// gateway instance given the same one shares its request and token windows, circuits, cooldowns, <c>Retry-After</c>
    /// pauses and usage counters through that Redis. Unset (the default), they are kept in this process.</summary>
    public string? Redis { get; set; }

    /// <summary>The prefix of every Redis key the gateway writes (<c>Gateway:RedisKeyPrefix</c>, default <c>modelregistry</c>),
    /// written as a hash tag (<c>{modelregistry}:…</c>) so that one script's keys share a cluster slot. Gateways that must not
    /// share state over one Redis use different prefixes.</summary>
    public string RedisKeyPrefix { get; set; } = "modelregistry";

    /// <summary>The longest a request waits for Redis (<c>Gateway:RedisTimeoutMilliseconds</c>, default 1000): a Redis that does
    /// not answer in time counts as away, and the request goes on with in-process state.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Whether a call whose routes need no transformation is passed through as bytes (<c>Gateway:PassThrough</c>,
    /// default <see langword="true"/>; <c>Gateway:StreamPassThrough</c> is read as its older name): the request body
    /// forwarded with only <c>model</c> (and a stream's <c>stream_options</c>) set, the upstream's answer or chunk bytes
    /// with only <c>model</c> rewritten and usage the gateway's own. <see langword="false"/> parses and writes every
    /// request and answer again.</summary>
    public bool PassThrough { get; set; } = true;

    /// <summary>Reads the <c>Gateway</c> section.</summary>
    internal static GatewayOptions Read(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection("Gateway");
        return new GatewayOptions
        {
            ApiKeys = (section["ApiKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            OverlayPath = string.IsNullOrWhiteSpace(section["Overlay"]) ? null : section["Overlay"],
            MaxRequestBodyBytes = Number(section, "MaxRequestBodyBytes") is { } bytes ? (long)bytes : 4 * 1024 * 1024,
            RequestTimeout = Number(section, "RequestTimeoutSeconds") is { } request ? TimeSpan.FromSeconds(request) : TimeSpan.FromMinutes(10),
            StreamIdleTimeout = Number(section, "StreamIdleTimeoutSeconds") is { } idle ? TimeSpan.FromSeconds(idle) : TimeSpan.FromSeconds(60),
            MaxUpstreamResponseBytes = Number(section, "MaxUpstreamResponseBytes") is { } upstream ? (long)upstream : DefaultMaxUpstreamResponseBytes,
            HealthCacheDuration = Number(section, "HealthCacheSeconds") is { } cache ? TimeSpan.FromSeconds(cache) : TimeSpan.FromSeconds(30),
            MetricsEnabled = Flag(section, "Metrics") ?? false,
            OverlayReloadEnabled = Flag(section, "OverlayReload") ?? true,
            OverlayPollInterval = Number(section, "OverlayPollSeconds") is { } poll ? TimeSpan.FromSeconds(poll) : TimeSpan.FromSeconds(5),
            ProbeInterval = Number(section, "ProbeIntervalSeconds") is { } probe ? TimeSpan.FromSeconds(probe) : null,
            ProbeTimeout = Number(section, "ProbeTimeoutSeconds") is { } probeTimeout ? TimeSpan.FromSeconds(probeTimeout) : TimeSpan.FromSeconds(5),
            Redis = string.IsNullOrWhiteSpace(section["Redis"]) ? null : section["Redis"],
            RedisKeyPrefix = string.IsNullOrWhiteSpace(section["RedisKeyPrefix"]) ? "modelregistry" : section["RedisKeyPrefix"]!.Trim(),
            PassThrough = Flag(section, "PassThrough") ?? Flag(section, "StreamPassThrough") ?? true,
            RedisTimeout = Number(section, "RedisTimeoutMilliseconds") is { } redisTimeout ? TimeSpan.FromMilliseconds(redisTimeout) : TimeSpan.FromMilliseconds(1000),
        };
    }

    private static bool? Flag(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } text
            ? bool.TryParse(text, out bool value) ? value : throw new InvalidOperationException($"Gateway:{key} must be true or false.")
            : null;

    private static double? Number(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
                ? value
                : throw new InvalidOperationException($"Gateway:{key} must be a positive number.")
            : null;
}

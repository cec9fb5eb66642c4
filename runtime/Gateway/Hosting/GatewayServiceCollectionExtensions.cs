using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelRegistry;
using ModelRegistry.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAI-compatible gateway's services (<see cref="AddModelRegistryGateway(IServiceCollection, IModelRegistry)"/>).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds <paramref name="registry"/> with <c>services.AddModelRegistry(registry)</c> (its <c>ModelRegistry</c> configuration
    /// section, the host's logging, named HttpClients) and serves every profiled model of its own (not built-in) providers,
    /// with the gateway's settings read from the <c>Gateway</c> configuration section (<see cref="GatewayOptions"/>). Call
    /// <c>app.MapModelRegistryGateway()</c> on the built application to serve them.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The registry whose models are served, for example <c>Models.Registry</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddModelRegistryGateway(this IServiceCollection services, IModelRegistry registry) =>
        AddModelRegistryGateway(services, registry, configure: null);

    /// <summary>
    /// Adds and serves <paramref name="registry"/>, as <see cref="AddModelRegistryGateway(IServiceCollection, IModelRegistry)"/>
    /// does, then lets <paramref name="configure"/> change the settings read from configuration.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The registry whose models are served, for example <c>Models.Registry</c>.</param>
    /// <param name="configure">Changes the settings after they are read from the <c>Gateway</c> section; may be <see langword="null"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddModelRegistryGateway(this IServiceCollection services, IModelRegistry registry, Action<GatewayOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        return services.AddModelRegistry(registry).AddModelRegistryGateway(configure);
    }

    /// <summary>
    /// Serves the models of a registry added with <c>services.AddModelRegistry(registry)</c>, with the pipeline configured
    /// there (<c>.ConfigureChatClient(...)</c>), the gateway's OpenTelemetry layer outermost: use it when the host adds its own
    /// middleware to the models, as in <c>services.AddModelRegistry(Models.Registry).ConfigureChatClient(b =&gt; b.UseLogging()).AddModelRegistryGateway()</c>.
    /// </summary>
    /// <param name="models">What <c>AddModelRegistry</c> returned.</param>
    /// <param name="configure">Changes the settings after they are read from the <c>Gateway</c> section; may be <see langword="null"/>.</param>
    /// <returns>The application's services, for chaining.</returns>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads",
        Justification = "It extends ModelRegistryBuilder, not IServiceCollection: no call can match both it and the two-argument IServiceCollection overload.")]
    public static IServiceCollection AddModelRegistryGateway(this ModelRegistryBuilder models, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        IServiceCollection services = models.Services;

        // Microsoft.Extensions.AI's GenAI semantic conventions (source and meter "Experimental.Microsoft.Extensions.AI"),
        // on top of the routing meter and activities ("ModelRegistry.Routing") the routed models have anyway.
        // The layer remembers the client under it, which a stream may be passed through to (TelemetryLayer).
        models.ConfigureChatClient(builder => builder.Use((inner, provider) => new TelemetryLayer(inner, provider.GetService<ILoggerFactory>())));

        // IHttpClientFactory's request logging writes four Information lines for every upstream call, through two handlers
        // and a log scope: at a gateway's rates that is noise, and a cost per call, that the gateway's own logs (a route's
        // failure, a circuit opening) and its telemetry already cover. A host that wants them back adds them again with
        // services.AddHttpClient(ModelRegistryOptions.GetHttpClientName(provider)).AddDefaultLogger().
        foreach (ProviderInfo provider in models.Registry.Providers)
        {
            services.AddHttpClient(ModelRegistryOptions.GetHttpClientName(provider.Name)).RemoveAllLoggers();
        }

        // Options come from the final configuration, so test hosts and the command line can change them.
        services.AddSingleton(provider =>
        {
            GatewayOptions options = GatewayOptions.Read(provider.GetRequiredService<IConfiguration>());
            configure?.Invoke(options);
            return options;
        });
        services.AddOptions<KestrelServerOptions>()
            .Configure<GatewayOptions>((kestrel, options) =>
            {
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                RequestHeadLimits.RaiseServerLimits(kestrel.Limits);
            });
        services.TryAddSingleton(TimeProvider.System);
        // The shared store comes from ModelRegistry.Gateway.Redis (AddModelRegistryGatewayRedis, before or after this call).
        services.AddSingleton(provider => new GatewayRoutingState(
            provider.GetRequiredService<GatewayOptions>(), provider.GetService<ISharedStateStoreFactory>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new ModelCatalog(
            provider.GetRequiredService<IModelRegistry>(),
            provider.GetRequiredService<GatewayOptions>(),
            provider.GetRequiredService<IOptions<ModelRegistryOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<GatewayRoutingState>().Store));
        // Keys are checked against the served models, so they are read once the catalog is loaded (a bad one stops the start).
        services.AddSingleton(provider => GatewayKeysReader.Read(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<GatewayOptions>(), provider.GetRequiredService<ModelCatalog>()));
        // Over the shared store with Gateway:Redis, else in process (a test may register another ledger first).
        services.TryAddSingleton<IKeyLedger>(provider => new KeyLedger(provider.GetRequiredService<GatewayRoutingState>().Ledger));
        services.AddSingleton<KeyPolicy>();
        services.AddSingleton<AdminUsageEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        // Live overlay and background probes: each does nothing unless its setting asks (GatewayOptions).
        services.AddHostedService<OverlayReloader>();
        services.AddSingleton<RouteProber>();
        services.AddHostedService(provider => provider.GetRequiredService<RouteProber>());
        services.AddSingleton<ChatCompletionsEndpoint>();
        services.AddSingleton<EmbeddingsEndpoint>();
        return services;
    }
}

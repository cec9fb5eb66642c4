using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelRegistry;
using ModelRegistry.Gateway;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAI-compatible gateway's services (<see cref="AddModelRegistryGateway(IServiceCollection, IModelRegistry)"/>).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway over <paramref name="registry"/>: it serves every profiled model of the registry's own
    /// (not built-in) providers, with its settings read from the <c>Gateway</c> configuration section
    /// (<see cref="GatewayOptions"/>). Call <c>app.MapModelRegistryGateway()</c> on the built application to serve them.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The registry whose models are served, for example <c>Models.Registry</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddModelRegistryGateway(this IServiceCollection services, IModelRegistry registry) =>
        AddModelRegistryGateway(services, registry, configure: null);

    /// <summary>
    /// Registers the gateway over <paramref name="registry"/>, as <see cref="AddModelRegistryGateway(IServiceCollection, IModelRegistry)"/>
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
        // The host's own registration wins (AddModelRegistry of the same registry, say); the catalog uses this one.
        services.TryAddSingleton(registry);
        services.AddSingleton(provider => new ModelCatalog(
            registry, provider.GetRequiredService<GatewayOptions>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<ChatCompletionsEndpoint>();
        return services;
    }
}

using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ModelRegistry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a compiled registry to an application's services (<see cref="AddModelRegistry(IServiceCollection, IModelRegistry)"/>).</summary>
public static class ModelRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <paramref name="registry"/> with its settings read from the <c>ModelRegistry</c> section of the application's
    /// <see cref="IConfiguration"/> (when it has one). It registers:
    /// <list type="bullet">
    /// <item><see cref="IModelRegistry"/>, whose loads get the configured settings, the host's <c>ILoggerFactory</c>,
    /// each provider's named <see cref="HttpClient"/> (<see cref="ModelRegistryOptions.GetHttpClientName"/>) and the
    /// pipeline of <see cref="ModelRegistryBuilder.ConfigureChatClient(Action{ChatClientBuilder})"/>;</item>
    /// <item>a keyed <see cref="IChatClient"/> for every model the profiles list, under <c>"provider:model"</c> and each of
    /// its aliases (<c>[FromKeyedServices("vllm:qwen3-4b")] IChatClient chat</c>), and for any other <c>provider:model</c>
    /// key of a declared provider: a singleton that loads the model again after the configuration changes;</item>
    /// <item><see cref="ModelRegistryOptions"/>, for <c>IOptions</c>, <c>IOptionsMonitor</c> and <c>services.Configure</c>.</item>
    /// </list>
    /// Precedence, highest first: load-time <see cref="ChatModelSettings"/>, configuration, the <c>{PREFIX}_*</c> environment
    /// variables, the declaration, the built-in default.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The compiled registry, for example <c>Models.Registry</c>.</param>
    /// <returns>A builder that adds middleware to the registry's models.</returns>
    public static ModelRegistryBuilder AddModelRegistry(this IServiceCollection services, IModelRegistry registry) =>
        AddModelRegistry(services, registry, configuration: null);

    /// <summary>Adds <paramref name="registry"/> as <see cref="AddModelRegistry(IServiceCollection, IModelRegistry)"/> does,
    /// with its settings read from <paramref name="configuration"/> (a section shaped like <c>ModelRegistry</c>).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The compiled registry, for example <c>Models.Registry</c>.</param>
    /// <param name="configuration">The section to read; <see langword="null"/> reads <c>ModelRegistry</c> of the application's configuration.</param>
    /// <returns>A builder that adds middleware to the registry's models.</returns>
    public static ModelRegistryBuilder AddModelRegistry(this IServiceCollection services, IModelRegistry registry, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);

        IConfiguration? Section(IServiceProvider provider) =>
            configuration ?? provider.GetService<IConfiguration>()?.GetSection(ModelRegistryOptions.SectionName);

        services.AddOptions();
        services.AddSingleton<IConfigureOptions<ModelRegistryOptions>>(provider => new ModelRegistryConfigurationReader(Section(provider)));
        services.AddSingleton<IOptionsChangeTokenSource<ModelRegistryOptions>>(provider => new ConfigurationChangeSource(Section(provider)));

        foreach (ProviderInfo provider in registry.Providers)
        {
            // The library's own shared client has no timeout of its own (each request carries the provider's, and a stream
            // may run for minutes) and accepts compressed answers: the named clients keep both.
            services.AddHttpClient(ModelRegistryOptions.GetHttpClientName(provider.Name))
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All });
        }

        var pipeline = new ChatClientPipeline();
        object hostedKey = new();
        services.AddKeyedSingleton(hostedKey, (provider, _) => new HostedModelRegistry(registry, pipeline, provider));
        services.AddSingleton<IModelRegistry>(provider => provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey));

        foreach (string key in ModelKeys(registry))
        {
            services.AddKeyedSingleton<IChatClient>(key, (provider, _) =>
                new ConfiguredChatClient(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), key));
        }

        // Any other "provider:model" key of a declared provider (a model the profiles do not list) loads the same way;
        // keys registered by name, ours or anyone's, win over this one. Other keys resolve to nothing.
        services.AddKeyedSingleton<IChatClient>(KeyedService.AnyKey, (provider, key) =>
            key is string id && IsModelOf(registry, id)
                ? new ConfiguredChatClient(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), id)
                : null!);

        return new ModelRegistryBuilder(services, registry, pipeline);
    }

    private static bool IsModelOf(IModelRegistry registry, string id)
    {
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < id.Length - 1 && registry.TryGetProvider(id.AsSpan(0, colon), out _);
    }

    /// <summary><c>provider:model</c> for every profiled model, and <c>provider:alias</c> for each alias.</summary>
    private static IEnumerable<string> ModelKeys(IModelRegistry registry)
    {
        foreach (ProviderInfo provider in registry.Providers)
        {
            foreach (string model in provider.Models)
            {
                yield return provider.Name + ":" + model;
                if (registry.TryGetProfile(provider.Name, model, out ModelProfile? profile))
                {
                    foreach (string alias in profile.Aliases)
                    {
                        yield return provider.Name + ":" + alias;
                    }
                }
            }
        }
    }

    /// <summary>Tells <see cref="IOptionsMonitor{TOptions}"/> when the section reloads (the binder's own change source
    /// lives in a package that also brings the reflection binder, which AOT hosts do without).</summary>
    private sealed class ConfigurationChangeSource(IConfiguration? section) : IOptionsChangeTokenSource<ModelRegistryOptions>
    {
        public string Name => Options.Options.DefaultName;

        public IChangeToken GetChangeToken() => section?.GetReloadToken() ?? new CancellationChangeToken(CancellationToken.None);
    }
}

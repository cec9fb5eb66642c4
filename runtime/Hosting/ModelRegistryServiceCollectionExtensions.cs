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
    /// <item>for an embedding model (profile <c>"kind": "embedding"</c>), a keyed
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <c>string</c> and <c>Embedding&lt;float&gt;</c> instead, under the
    /// same keys (<c>[FromKeyedServices("openai:text-embedding-3-small")] IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt; embedder</c>),
    /// with the provider's configuration, named client and the host's logger; any other <c>provider:model</c> key resolves too;</item>
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
            // may run for minutes), accepts compressed answers, keeps no cookies, follows no redirects and recycles its
            // connections: so do the named clients, whose handlers a model keeps for as long as it is loaded.
            services.AddHttpClient(ModelRegistryOptions.GetHttpClientName(provider.Name))
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => ProviderHttpHandler.Create());
        }

        var pipeline = new ChatClientPipeline();
        object hostedKey = new();
        services.AddKeyedSingleton(hostedKey, (provider, _) => new HostedModelRegistry(registry, pipeline, provider));
        services.AddSingleton<IModelRegistry>(provider => provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey));

        foreach (string key in ModelKeys(registry, ModelKind.Chat))
        {
            services.AddKeyedSingleton<IChatClient>(key, (provider, _) =>
                new ConfiguredChatClient(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), key));
        }

        // Embedding models (profile "kind": "embedding") are keyed embedding generators instead, under the same keys.
        foreach (string key in ModelKeys(registry, ModelKind.Embedding))
        {
            services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(key, (provider, _) =>
                new ConfiguredEmbeddingGenerator(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), key));
        }

        // Any other "provider:model" key of a declared provider (a model the profiles do not list) loads the same way;
        // keys registered by name, ours or anyone's, win over this one. Other keys resolve to nothing.
        services.AddKeyedSingleton<IChatClient>(KeyedService.AnyKey, (provider, key) =>
            key is string id && IsModelOf(registry, id, ModelKind.Chat)
                ? new ConfiguredChatClient(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), id)
                : null!);
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(KeyedService.AnyKey, (provider, key) =>
            key is string id && IsModelOf(registry, id, ModelKind.Embedding)
                ? new ConfiguredEmbeddingGenerator(provider.GetRequiredKeyedService<HostedModelRegistry>(hostedKey), id)
                : null!);

        return new ModelRegistryBuilder(services, registry, pipeline);
    }

    /// <summary>Whether <paramref name="id"/> is a <c>provider:model</c> of a declared provider that is not profiled as the
    /// other kind of model (a keyed chat client is never an embedding model, nor the other way round).</summary>
    private static bool IsModelOf(IModelRegistry registry, string id, ModelKind kind)
    {
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < id.Length - 1 && registry.TryGetProvider(id.AsSpan(0, colon), out _)
            && (!registry.TryGetProfile(id.AsSpan(0, colon), id.AsSpan(colon + 1), out ModelProfile? profile) || profile.Kind == kind);
    }

    /// <summary><c>provider:model</c> for every profiled model of <paramref name="kind"/>, and <c>provider:alias</c> for each alias.</summary>
    private static IEnumerable<string> ModelKeys(IModelRegistry registry, ModelKind kind)
    {
        foreach (ProviderInfo provider in registry.Providers)
        {
            foreach (string model in provider.Models)
            {
                ModelProfile? profile = registry.TryGetProfile(provider.Name, model, out ModelProfile? found) ? found : null;
                if ((profile?.Kind ?? ModelKind.Chat) != kind)
                {
                    continue;
                }

                yield return provider.Name + ":" + model;
                if (profile is not null)
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

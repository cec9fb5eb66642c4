using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelRegistry.Compiler;

namespace ModelRegistry;

/// <summary>
/// The <see cref="IModelRegistry"/> a host resolves after <c>AddModelRegistry</c>: the compiled registry, with every
/// load given the configured settings of its provider (<see cref="ModelRegistryOptions"/>), the host's
/// <see cref="ILoggerFactory"/>, the provider's named <see cref="HttpClient"/>, and the registry's pipeline.
/// Load-time settings still win, value by value.
/// </summary>
internal sealed class HostedModelRegistry : IModelRegistry, IDisposable
{
    private readonly IModelRegistry _compiled;
    private readonly ChatClientPipeline _pipeline;
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<ModelRegistryOptions> _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IDisposable? _changeSubscription;
    private int _generation;

    public HostedModelRegistry(IModelRegistry compiled, ChatClientPipeline pipeline, IServiceProvider services)
    {
        _compiled = compiled;
        _pipeline = pipeline;
        _services = services;
        _options = services.GetRequiredService<IOptionsMonitor<ModelRegistryOptions>>();
        _httpClients = services.GetRequiredService<IHttpClientFactory>();
        _loggerFactory = services.GetService<ILoggerFactory>();
        _changeSubscription = _options.OnChange(_ => Interlocked.Increment(ref _generation));
    }

    /// <summary>Counts the configuration changes seen so far: a client built under an older count is out of date.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public ImmutableArray<ProviderInfo> Providers => _compiled.Providers;

    public bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider) =>
        _compiled.TryGetProvider(name, out provider);

    public bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile) =>
        _compiled.TryGetProfile(provider, model, out profile);

    public IChatClient LoadChatModel(string model, ChatModelSettings? settings = null) =>
        TrySplit(model, out string provider, out string id) ? LoadChatModel(id, provider, settings) : _compiled.LoadChatModel(model, settings);

    public IChatClient LoadChatModel(ChatModelId model, ChatModelSettings? settings = null) =>
        LoadChatModel(model.Model, model.Provider, settings);

    public IChatClient LoadChatModel(string model, string modelProvider, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(modelProvider);
        if (!_compiled.TryGetProvider(modelProvider, out ProviderInfo? provider))
        {
            // The compiled registry's own error: unknown provider, with its did-you-mean.
            return _compiled.LoadChatModel(model, modelProvider, settings);
        }

        ModelRegistryOptions options = CurrentOptions();
        bool profiled = _compiled.TryGetProfile(provider.Name, model, out ModelProfile? profile);
        ChatModelSettings layered = profiled && !profile!.Routes.IsEmpty
            ? ForRoutedModel(provider, settings, options)
            : Layer(settings, settings?.HttpClient, Configured(options, provider.Name), provider.Name, options);

        if (layered.FallbackLoader is null)
        {
            // A fallback model loads through the host too: its own configuration, named client and pipeline.
            layered = new ChatModelSettings(layered) { FallbackLoader = id => (LoadChatModel(id, ModelFallbackLoader.ForFallback(settings)), true) };
        }

        IChatClient client;
        try
        {
            client = _compiled.LoadChatModel(model, provider.Name, layered);
        }
        catch (ModelConfigurationException exception) when (ConfigurationKeyFor(provider, exception) is { } key)
        {
            // The compiled registry names the environment variable; in a host, the configuration key is the usual fix.
            string path = $"{ModelRegistryOptions.SectionName}:Providers:{provider.Name}:{key}";
            throw new ModelConfigurationException($"{exception.Message} In this host, {path} sets it too.", exception.Provider, exception.VariableName, exception)
            {
                ConfigurationPath = path,
            };
        }

        return _pipeline.Apply(client, provider.Name, profiled ? profile!.Model : model, _services);
    }

    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, ChatModelSettings? settings = null) =>
        TrySplit(model, out string provider, out string id) ? LoadEmbeddingModel(id, provider, settings) : _compiled.LoadEmbeddingModel(model, settings);

    /// <summary>Splits a <c>provider:model</c> id as the compiled registry does, for both kinds of model. False for a bare id
    /// with no <c>PREFERRED_PROVIDER</c>: the compiled registry then answers (and fails) as it does.</summary>
    private bool TrySplit(string model, out string provider, out string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        int colon = model.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            // A bare id takes its provider from PREFERRED_PROVIDER, as the compiled registry does (and fails as it does).
            string? preferred = GeneratedRegistrySupport.GetPreferredProvider(_compiled.Providers);
            provider = preferred ?? "";
            id = model;
            return preferred is not null;
        }

        if (GenericProvider.IsDefaultModelId(model) && _compiled.TryGetProvider(GenericProvider.Name, out _))
        {
            // "openai-compatible:" loads OPENAI_COMPATIBLE_DEFAULT_MODEL, as the compiled registry does.
            GenericProvider.EnsureEnabled();
            provider = GenericProvider.Name;
            id = GenericProvider.DefaultModel();
            return true;
        }

        if (colon == 0 || colon == model.Length - 1)
        {
            throw GeneratedRegistrySupport.MalformedModelId(model);
        }

        provider = model[..colon];
        id = model[(colon + 1)..];
        return true;
    }

    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(EmbeddingModelId model, ChatModelSettings? settings = null) =>
        LoadEmbeddingModel(model.Model, model.Provider, settings);

    /// <summary>An embedding model loads with its provider's configured settings, named client and the host's logger, as a
    /// chat model does; the chat pipeline does not apply to it.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> LoadEmbeddingModel(string model, string modelProvider, ChatModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(modelProvider);
        if (!_compiled.TryGetProvider(modelProvider, out ProviderInfo? provider))
        {
            return _compiled.LoadEmbeddingModel(model, modelProvider, settings);
        }

        ModelRegistryOptions options = CurrentOptions();
        bool routed = _compiled.TryGetProfile(provider.Name, model, out ModelProfile? profile) && !profile!.Routes.IsEmpty;
        ChatModelSettings layered = routed
            ? ForRoutedModel(provider, settings, options)
            : Layer(settings, settings?.HttpClient, Configured(options, provider.Name), provider.Name, options);
        try
        {
            return _compiled.LoadEmbeddingModel(model, provider.Name, layered);
        }
        catch (ModelConfigurationException exception) when (ConfigurationKeyFor(provider, exception) is { } key)
        {
            string path = $"{ModelRegistryOptions.SectionName}:Providers:{provider.Name}:{key}";
            throw new ModelConfigurationException($"{exception.Message} In this host, {path} sets it too.", exception.Provider, exception.VariableName, exception)
            {
                ConfigurationPath = path,
            };
        }
    }

    public void Dispose() => _changeSubscription?.Dispose();

    /// <summary>
    /// A routed model's provider names only the model: each route that names a provider reads that provider's
    /// configuration and named client (through <see cref="ChatModelSettings.RouteProviderSettings"/>); a route with only a
    /// base URL uses the routed model's own named client.
    /// </summary>
    private ChatModelSettings ForRoutedModel(ProviderInfo provider, ChatModelSettings? settings, ModelRegistryOptions options) =>
        Copy(settings, settings?.HttpClient ?? _httpClients.CreateClient(ModelRegistryOptions.GetHttpClientName(provider.Name)), options,
            routeProviderSettings: (routeProvider, routeSettings) =>
            {
                string name = _compiled.TryGetProvider(routeProvider, out ProviderInfo? info) ? info.Name : routeProvider;
                return Layer(routeSettings, settings?.HttpClient, Configured(options, name), name, options);
            });

    /// <summary><paramref name="upper"/> (load-time settings) over the provider's configured settings; the environment and the
    /// declaration lie under both and are read by the load itself.</summary>
    private ChatModelSettings Layer(ChatModelSettings? upper, HttpClient? upperHttpClient, ModelProviderOptions? configured, string provider, ModelRegistryOptions options)
    {
        HttpClient httpClient = upperHttpClient ?? _httpClients.CreateClient(ModelRegistryOptions.GetHttpClientName(provider));
        if (configured is null)
        {
            return Copy(upper, httpClient, options, routeProviderSettings: null);
        }

        return new ChatModelSettings(upper)
        {
            Endpoint = upper?.Endpoint ?? configured.BaseUrl,
            ApiKey = upper?.ApiKey is { Length: > 0 } key ? key : configured.ApiKey,
            Headers = LayerHeaders(upper?.Headers, configured.Headers),
            HttpClient = httpClient,
            Compatibility = upper?.Compatibility?.Over(configured.Compatibility) ?? configured.Compatibility,
            Timeout = upper?.Timeout ?? configured.Timeout,
            MaxRetries = upper?.MaxRetries ?? configured.MaxRetries,
            StreamIdleTimeout = upper?.StreamIdleTimeout ?? configured.StreamIdleTimeout,
            MaxResponseBytes = upper?.MaxResponseBytes ?? configured.MaxResponseBytes,
            LoggerFactory = upper?.LoggerFactory ?? _loggerFactory,
            RoutingOverlay = upper?.RoutingOverlay ?? options.RoutingOverlay,
        };
    }

    private ChatModelSettings Copy(
        ChatModelSettings? upper, HttpClient httpClient, ModelRegistryOptions options, Func<string, ChatModelSettings, ChatModelSettings>? routeProviderSettings) => new(upper)
        {
            HttpClient = httpClient,
            LoggerFactory = upper?.LoggerFactory ?? _loggerFactory,
            RoutingOverlay = upper?.RoutingOverlay ?? options.RoutingOverlay,
            RouteProviderSettings = routeProviderSettings,
        };

    private static IReadOnlyDictionary<string, string>? LayerHeaders(IReadOnlyDictionary<string, string>? upper, IDictionary<string, string> configured)
    {
        if (configured.Count == 0)
        {
            return upper;
        }

        var headers = new Dictionary<string, string>(configured, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> header in upper ?? ImmutableDictionary<string, string>.Empty)
        {
            headers[header.Key] = header.Value;
        }

        return headers;
    }

    /// <summary>The configuration key that would fix a missing endpoint or key, or <see langword="null"/>.</summary>
    private static string? ConfigurationKeyFor(ProviderInfo provider, ModelConfigurationException exception) =>
        exception.ConfigurationPath is not null ? null
        : exception.VariableName == provider.Variables.ApiKey ? "ApiKey"
        : exception.VariableName == provider.Variables.ApiBase || exception.VariableName == GenericProvider.BaseUrlVariable ? "BaseUrl"
        : null;

    private static ModelProviderOptions? Configured(ModelRegistryOptions options, string provider) =>
        options.Providers.TryGetValue(provider, out ModelProviderOptions? configured) ? configured : null;

    /// <summary>The current options, checked against the registry: a configured provider it does not declare is a typo
    /// that would otherwise be ignored without a word.</summary>
    private ModelRegistryOptions CurrentOptions()
    {
        ModelRegistryOptions options = _options.CurrentValue;
        foreach (string name in options.Providers.Keys)
        {
            if (!_compiled.TryGetProvider(name, out _))
            {
                string[] known = _compiled.Providers.Select(p => p.Name).ToArray();
                string path = $"{ModelRegistryOptions.SectionName}:Providers:{name}";
                string hint = ClosestMatch.Find(name, known) is { } closest ? $" Did you mean '{closest}'?" : "";
                throw new ModelConfigurationException(
                    $"{path} configures a provider the registry does not declare.{hint} Declared providers: {string.Join(", ", known)}.",
                    name, variableName: null)
                {
                    ConfigurationPath = path,
                };
            }
        }

        return options;
    }
}

using System.Collections.Immutable;
using System.ComponentModel;
using Microsoft.Extensions.AI;
using ModelRegistry.Compiler;

namespace ModelRegistry;

/// <summary>
/// The run-time half of the code the ModelRegistry generator emits into a registry class.
/// Not meant to be called by hand: use the generated <c>LoadChatModel</c> overloads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedRegistrySupport
{
    /// <summary>The variable a bare model id (no <c>provider:</c>) takes its provider from.</summary>
    public const string PreferredProviderVariable = "PREFERRED_PROVIDER";

    /// <summary>Resolves endpoint, key, headers, compatibility options, timeouts, retries and the answer size limit for one load.</summary>
    /// <param name="provider">The provider being loaded.</param>
    /// <param name="model">The canonical model id.</param>
    /// <param name="profile">The model's profile, or <see langword="null"/>.</param>
    /// <param name="settings">Load-time settings, or <see langword="null"/>.</param>
    /// <param name="requiresEndpoint">Whether a missing endpoint is an error (it is for the library's own client).</param>
    /// <param name="requiresApiKey">Whether a missing key is an error (it is for a remote provider on the library's own client).</param>
    public static ChatModelConfiguration Resolve(
        ProviderInfo provider, string model, ModelProfile? profile, ChatModelSettings? settings, bool requiresEndpoint, bool requiresApiKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrEmpty(model);

        Uri? endpoint = ProviderEnvironment.ResolveEndpoint(provider, settings);
        if (endpoint is null && requiresEndpoint)
        {
            throw GenericProvider.Is(provider)
                ? new ModelConfigurationException(
                    $"Provider '{provider.Name}' is configured from the environment: set {GenericProvider.BaseUrlVariable} (or {provider.EnvironmentPrefix}_API_BASE) to the server's base URL, or pass ChatModelSettings.Endpoint.",
                    provider.Name, GenericProvider.BaseUrlVariable)
                : new ModelConfigurationException(
                    $"Provider '{provider.Name}' has no endpoint. Set {provider.EnvironmentPrefix}_API_BASE, declare BaseUrl, or pass ChatModelSettings.Endpoint.",
                    provider.Name, provider.Variables.ApiBase);
        }

        string displayName = ProviderEnvironment.ResolveDisplayName(provider, endpoint, out bool endpointNeedsKey);
        string? apiKey = ProviderEnvironment.ResolveApiKey(provider, settings);

        // The generic provider cannot know whether an arbitrary server wants a key: it asks for one only when the
        // endpoint is a known hosted provider.
        bool needsKey = requiresApiKey && !provider.IsLocal && (!GenericProvider.Is(provider) || endpointNeedsKey);
        if (apiKey is null && needsKey)
        {
            string serving = displayName == provider.Name ? "" : $" ({displayName})";
            throw new ModelConfigurationException(
                $"Provider '{provider.Name}'{serving} needs an API key. Set {provider.EnvironmentPrefix}_API_KEY or pass ChatModelSettings.ApiKey.",
                provider.Name, provider.Variables.ApiKey);
        }

        CompatibilityOptions compatibility = profile?.Compatibility ?? provider.Compatibility;
        if (settings?.Compatibility is { } overrides)
        {
            compatibility = overrides.ApplyTo(compatibility);
        }

        return new ChatModelConfiguration
        {
            Provider = provider,
            ProviderDisplayName = displayName,
            Model = model,
            Endpoint = endpoint,
            ApiKey = apiKey,
            Headers = ProviderEnvironment.ResolveHeaders(provider, settings),
            Compatibility = compatibility,
            Profile = profile,
            Settings = settings,
            Timeout = ProviderEnvironment.ResolveTimeout(provider, settings),
            MaxRetries = ProviderEnvironment.ResolveMaxRetries(provider, settings),
            StreamIdleTimeout = ProviderEnvironment.ResolveStreamIdleTimeout(provider, settings),
            MaxResponseBytes = ProviderEnvironment.ResolveMaxResponseBytes(provider, settings),
        };
    }

    /// <summary>Builds the library's OpenAI-compatible client for a resolved configuration, under the usage
    /// accounting every loaded model has (estimated usage when none is sent, cost from the profile's pricing).</summary>
    public static IChatClient CreateOpenAICompatibleClient(ChatModelConfiguration configuration) =>
        Accounted(new OpenAICompatibleChatClient(configuration), configuration);

    /// <summary>
    /// Builds the <see cref="RoutedChatClient"/> of a model whose profile declares <c>routes</c>: each route's key and
    /// endpoint are resolved now (the routing overlay and <c>OFFLOAD</c> applied), and each route naming a provider is
    /// built by <paramref name="createRoute"/>, which the generated registry passes.
    /// </summary>
    /// <exception cref="ModelConfigurationException">No route is usable, or the overlay names a route the model does not have.</exception>
    public static IChatClient CreateRoutedClient(ProviderInfo provider, ModelProfile profile, ChatModelSettings? settings, RouteClientFactory createRoute)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(createRoute);
        return RoutedModelLoader.Load(provider, profile, settings, createRoute);
    }

    /// <summary>Wraps a user client so that <c>GetService</c> answers <see cref="ModelProfile"/>,
    /// <see cref="ProviderInfo"/> and <see cref="ChatClientMetadata"/> like the library's own client does.</summary>
    public static IChatClient WrapCustomClient(IChatClient inner, ChatModelConfiguration configuration) =>
        Accounted(new RegisteredChatClient(inner, configuration), configuration);

    /// <summary>The usage accounting layer of a plain model: <see cref="RoutedCallInfo.Route"/> is its provider's name.
    /// A routed model accounts per route inside its <see cref="RoutedChatClient"/> instead.</summary>
    private static IChatClient Accounted(IChatClient client, ChatModelConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new UsageAccountingChatClient(client, configuration.Provider.Name, configuration.Profile?.Pricing);
    }

    /// <summary>The provider named by <see cref="PreferredProviderVariable"/>, or <see langword="null"/>.</summary>
    public static string? GetPreferredProvider() => ProviderEnvironment.Read(PreferredProviderVariable);

    /// <summary>The error for a provider the registry does not know.</summary>
    public static ModelNotFoundException UnknownProvider(string requested, ImmutableArray<ProviderInfo> providers) =>
        NoSuchProvider($"Unknown provider '{requested}'.", requested, providers);

    /// <summary>The error for a bare model id while <see cref="PreferredProviderVariable"/> names a provider the registry does not know.</summary>
    public static ModelNotFoundException UnknownPreferredProvider(string requested, ImmutableArray<ProviderInfo> providers) =>
        NoSuchProvider($"{PreferredProviderVariable} names the unknown provider '{requested}'.", requested, providers);

    /// <summary>The error for a model id with no <c>provider:</c> prefix while <see cref="PreferredProviderVariable"/> is unset.</summary>
    public static ModelNotFoundException BareModelId(string model, ImmutableArray<ProviderInfo> providers)
    {
        string[] names = providers.Select(p => p.Name).ToArray();
        return new ModelNotFoundException(
            $"'{model}' names no provider. Write 'provider:{model}', pass the provider separately, or set {PreferredProviderVariable}. Declared providers: {string.Join(", ", names)}.",
            model, names, suggestion: null);
    }

    /// <summary>
    /// Whether <paramref name="left"/> equals <paramref name="right"/> when ASCII letters are compared ignoring case and every
    /// other character exactly: how generated lookups compare keys that contain non-ASCII characters, which
    /// <see cref="System.Text.Ascii.EqualsIgnoreCase(ReadOnlySpan{char}, ReadOnlySpan{char})"/> never reports equal.
    /// </summary>
    public static bool EqualsIgnoringAsciiCase(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            int a = left[i], b = right[i];
            if (a != b && ((uint)((a | 0x20) - 'a') > 'z' - 'a' || (a | 0x20) != (b | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The error for an id with a colon but an empty provider or model (<c>:qwen3</c>, <c>vllm:</c>).</summary>
    public static ArgumentException MalformedModelId(string model) => new(
        $"'{model}' is not a 'provider:model' id: the provider and the model are separated by the first ':' and neither may be empty.",
        nameof(model));

    private static ModelNotFoundException NoSuchProvider(string problem, string requested, ImmutableArray<ProviderInfo> providers)
    {
        string[] names = providers.Select(p => p.Name).ToArray();
        string? closest = ClosestMatch.Find(requested, names);
        return new ModelNotFoundException(
            $"{problem}{DidYouMean(closest)} Declared providers: {string.Join(", ", names)}.", requested, names, closest);
    }

    private static string DidYouMean(string? closest) => closest is null ? "" : $" Did you mean '{closest}'?";
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>
/// Gives a loaded model its fallback models (<see cref="ModelFallbacks.Of"/>): each is loaded by id — from the host
/// through <see cref="ChatModelSettings.FallbackLoader"/> when it holds the fallback's shared client (the gateway), else
/// from the registry with the load settings minus the model's own endpoint and key — and the model's client becomes a
/// <see cref="ModelFallbackChatClient"/>. A chain that comes back to a model being loaded fails the load.
/// </summary>
internal static class ModelFallbackLoader
{
    /// <summary>The models whose fallbacks this thread is loading (loads are synchronous), to stop a cycle the overlay made.</summary>
    [ThreadStatic]
    private static List<string>? t_loading;

    public static IChatClient Attach(IModelRegistry registry, ProviderInfo provider, ModelProfile profile, IChatClient client, ChatModelSettings? settings)
    {
        IReadOnlyList<string> fallbacks = ModelFallbacks.Of(profile, settings?.RoutingOverlay ?? RoutingOverlay.FromEnvironment());
        if (fallbacks.Count == 0)
        {
            return client;
        }

        string id = provider.Name + ":" + profile.Model;
        List<string> loading = t_loading ??= [];
        if (loading.Contains(id, StringComparer.OrdinalIgnoreCase))
        {
            client.Dispose();
            throw new ModelConfigurationException(
                $"The fallbacks of {loading[0]} lead back to {id} ({string.Join(" -> ", loading)} -> {id}); remove one of them.", provider.Name, null);
        }

        var models = new List<FallbackModel>(fallbacks.Count + 1) { new(id, client, Owned: true) };
        loading.Add(id);
        try
        {
            foreach (string fallback in fallbacks)
            {
                string fallbackId = ModelFallbacks.Qualify(provider.Name, fallback);
                (IChatClient Client, bool Owned)? loaded = settings?.FallbackLoader is { } load
                    ? load(fallbackId)
                    : (registry.LoadChatModel(fallbackId, ForFallback(settings)), true);
                if (loaded is { } fallbackModel)
                {
                    models.Add(new FallbackModel(CanonicalId(fallbackModel.Client, fallbackId), fallbackModel.Client, fallbackModel.Owned));
                }
            }
        }
        catch
        {
            foreach (FallbackModel model in models.Where(m => m.Owned))
            {
                model.Client.Dispose();
            }

            throw;
        }
        finally
        {
            loading.RemoveAt(loading.Count - 1);
        }

        if (models.Count == 1)
        {
            // The host serves none of the fallbacks.
            return client;
        }

        ILogger logger = settings?.LoggerFactory?.CreateLogger<RoutedChatClient>() ?? NullLogger<RoutedChatClient>.Instance;
        return new ModelFallbackChatClient([.. models], logger);
    }

    /// <summary>The settings a fallback model is loaded with: the caller's, without the endpoint and key meant for the
    /// model itself (a fallback of another provider must not be sent there).</summary>
    public static ChatModelSettings? ForFallback(ChatModelSettings? settings) =>
        settings is null ? null : new ChatModelSettings(settings) { Endpoint = null, ApiKey = null };

    /// <summary>The fallback's <c>provider:model</c> as its profile spells it (an alias loads the model it names).</summary>
    private static string CanonicalId(IChatClient client, string written) =>
        client.GetService(typeof(ModelProfile)) is ModelProfile profile ? profile.Provider + ":" + profile.Model : written;
}

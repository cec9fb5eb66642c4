using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>The services every registered model's client answers, whichever client it is: its
/// <see cref="ModelProfile"/> (<see langword="null"/> for an unprofiled model), its <see cref="ProviderInfo"/> and its
/// <see cref="ChatClientMetadata"/>.</summary>
internal static class RegisteredServices
{
    /// <summary>Whether <paramref name="serviceType"/> (asked with no key) is one of these services, and its value.</summary>
    public static bool TryGet(
        ChatModelConfiguration configuration, ChatClientMetadata metadata, Type serviceType, object? serviceKey, out object? service)
    {
        service = null;
        if (serviceKey is not null)
        {
            return false;
        }

        if (serviceType == typeof(ModelProfile))
        {
            service = configuration.Profile;
            return true;
        }

        if (serviceType == typeof(ProviderInfo))
        {
            service = configuration.Provider;
            return true;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            service = metadata;
            return true;
        }

        return false;
    }
}

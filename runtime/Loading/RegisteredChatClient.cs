using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Wraps a user-supplied <see cref="IChatClient"/> so every registered model answers the same services:
/// its <see cref="ModelProfile"/>, its <see cref="ProviderInfo"/> and <see cref="ChatClientMetadata"/>.
/// </summary>
internal sealed class RegisteredChatClient : DelegatingChatClient
{
    private readonly ChatModelConfiguration _configuration;
    private readonly ChatClientMetadata _metadata;

    public RegisteredChatClient(IChatClient innerClient, ChatModelConfiguration configuration)
        : base(innerClient)
    {
        _configuration = configuration;
        _metadata = new ChatClientMetadata(configuration.ProviderDisplayName, configuration.Endpoint, configuration.RequestModel);
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ModelProfile))
            {
                return _configuration.Profile;
            }

            if (serviceType == typeof(ProviderInfo))
            {
                return _configuration.Provider;
            }

            if (serviceType == typeof(ChatClientMetadata))
            {
                return _metadata;
            }
        }

        return base.GetService(serviceType, serviceKey);
    }
}

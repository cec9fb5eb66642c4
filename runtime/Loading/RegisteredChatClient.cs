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
        if (RegisteredServices.TryGet(_configuration, _metadata, serviceType, serviceKey, out object? service))
        {
            return service;
        }

        return base.GetService(serviceType, serviceKey);
    }
}

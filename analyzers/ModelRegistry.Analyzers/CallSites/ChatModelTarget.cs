using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The model a chat call goes to, as far as the call site shows it: the <c>provider:model</c> id (as written), the
/// provider, and the model's profile when one lists it (<see langword="null"/>: no model-level check, provider-level
/// ones still apply). See <see cref="ChatModelResolver"/>.
/// </summary>
internal sealed class ChatModelTarget
{
    public ChatModelTarget(string id, ProviderModels provider, ModelCapabilities? model)
    {
        Id = id;
        Provider = provider;
        Model = model;
    }

    public string Id { get; }

    public ProviderModels Provider { get; }

    public ModelCapabilities? Model { get; }

    /// <summary>The options the call is sent with: the model's merged ones, else the provider's; <see langword="null"/> when
    /// they are not known (a provider several registries share).</summary>
    public CompatibilitySpec? Compatibility => Model?.Compatibility ?? Provider.Compatibility;
}

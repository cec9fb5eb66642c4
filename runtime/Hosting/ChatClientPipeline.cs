using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The middleware <c>ConfigureChatClient</c> adds: for every model, for one provider's models, or for one model, in the
/// order they were added (the first added is the outermost layer, as in <see cref="ChatClientBuilder"/>).
/// </summary>
internal sealed class ChatClientPipeline
{
    private readonly List<(string? Provider, string? Model, Action<ChatClientBuilder> Configure)> _steps = [];

    public void Add(string? provider, string? model, Action<ChatClientBuilder> configure) => _steps.Add((provider, model, configure));

    /// <summary>Wraps <paramref name="client"/> (a model of <paramref name="provider"/>, <paramref name="model"/> its canonical
    /// id) in every step that applies to it; with none, returns it unchanged.</summary>
    public IChatClient Apply(IChatClient client, string provider, string model, IServiceProvider services)
    {
        ChatClientBuilder? builder = null;
        foreach ((string? forProvider, string? forModel, Action<ChatClientBuilder> configure) in _steps)
        {
            if ((forProvider is null || forProvider.Equals(provider, StringComparison.OrdinalIgnoreCase)) &&
                (forModel is null || forModel.Equals(model, StringComparison.OrdinalIgnoreCase)))
            {
                builder ??= new ChatClientBuilder(client);
                configure(builder);
            }
        }

        return builder is null ? client : builder.Build(services);
    }
}

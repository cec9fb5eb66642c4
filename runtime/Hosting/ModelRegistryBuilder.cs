using Microsoft.Extensions.AI;
using ModelRegistry;
using ModelRegistry.Compiler;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>services.AddModelRegistry(...)</c> returns: adds the middleware every model of the registry gets
/// (<see cref="ConfigureChatClient(Action{ChatClientBuilder})"/>), or the models of one provider or one model get.
/// </summary>
public sealed class ModelRegistryBuilder
{
    private readonly ChatClientPipeline _pipeline;

    internal ModelRegistryBuilder(IServiceCollection services, IModelRegistry registry, ChatClientPipeline pipeline)
    {
        Services = services;
        Registry = registry;
        _pipeline = pipeline;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The compiled registry that was added (the one resolved from <see cref="Services"/> applies the host's
    /// configuration, logging, HTTP clients and pipeline on top of it).</summary>
    public IModelRegistry Registry { get; }

    /// <summary>
    /// Adds middleware to every model the registry hands out — keyed clients and <see cref="IModelRegistry.LoadChatModel(string, ChatModelSettings?)"/>
    /// alike — for example <c>b =&gt; b.UseOpenTelemetry().UseFunctionInvocation()</c>. Steps apply in the order they are
    /// added, the first outermost, as in <see cref="ChatClientBuilder"/>; <see cref="ChatClientBuilder.Build(IServiceProvider?)"/>
    /// gets the application's services, so <c>UseLogging()</c> and <c>UseOpenTelemetry()</c> find the host's logging.
    /// </summary>
    /// <param name="configure">Adds the middleware.</param>
    /// <returns>This builder, for chaining.</returns>
    public ModelRegistryBuilder ConfigureChatClient(Action<ChatClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _pipeline.Add(provider: null, model: null, configure);
        return this;
    }

    /// <summary>Adds middleware to the models of one provider (<c>"vllm"</c>) or to one model (<c>"vllm:qwen3-4b"</c>, or one of
    /// its aliases). Like every step, it applies in the order added among the steps that match a model.</summary>
    /// <param name="target">A provider name, or a <c>provider:model</c> id.</param>
    /// <param name="configure">Adds the middleware.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentException">The registry declares no such provider.</exception>
    public ModelRegistryBuilder ConfigureChatClient(string target, Action<ChatClientBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(configure);
        int colon = target.IndexOf(':', StringComparison.Ordinal);
        string providerName = colon < 0 ? target : target[..colon];
        if (!Registry.TryGetProvider(providerName, out ProviderInfo? provider))
        {
            string[] known = Registry.Providers.Select(p => p.Name).ToArray();
            string hint = ClosestMatch.Find(providerName, known) is { } closest ? $" Did you mean '{closest}'?" : "";
            throw new ArgumentException(
                $"'{target}' names no provider of the registry.{hint} Declared providers: {string.Join(", ", known)}.", nameof(target));
        }

        string? model = colon < 0 ? null : target[(colon + 1)..];
        if (model is not null && Registry.TryGetProfile(provider.Name, model, out ModelProfile? profile))
        {
            model = profile.Model;
        }

        _pipeline.Add(provider.Name, model, configure);
        return this;
    }
}

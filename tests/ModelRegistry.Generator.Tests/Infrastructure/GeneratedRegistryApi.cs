using System.Reflection;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>Typed access to a generated registry class loaded in memory: span-taking methods cannot go through
/// <see cref="MethodInfo.Invoke(object?, object?[])"/>, so they are bound to delegates.</summary>
internal sealed class GeneratedRegistryApi
{
    public delegate bool TryGetProviderFunction(ReadOnlySpan<char> name, out ProviderInfo provider);

    public delegate bool TryGetProfileFunction(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, out ModelProfile profile);

    public GeneratedRegistryApi(Type registry)
    {
        Registry = registry;
        TryGetProvider = Bind<TryGetProviderFunction>(nameof(TryGetProvider));
        TryGetProfile = Bind<TryGetProfileFunction>(nameof(TryGetProfile));
    }

    public Type Registry { get; }

    public TryGetProviderFunction TryGetProvider { get; }

    public TryGetProfileFunction TryGetProfile { get; }

    public System.Collections.Immutable.ImmutableArray<ProviderInfo> Providers =>
        (System.Collections.Immutable.ImmutableArray<ProviderInfo>)InMemoryAssembly.GetStatic(Registry, "Providers")!;

    public Microsoft.Extensions.AI.IChatClient Load(string id, ChatModelSettings? settings = null) =>
        (Microsoft.Extensions.AI.IChatClient)InMemoryAssembly.Invoke(Registry, "LoadChatModel", id, settings)!;

    public Microsoft.Extensions.AI.IChatClient Load(string model, string provider, ChatModelSettings? settings = null) =>
        (Microsoft.Extensions.AI.IChatClient)InMemoryAssembly.Invoke(Registry, "LoadChatModel", model, provider, settings)!;

    public Microsoft.Extensions.AI.IChatClient Load(ChatModelId id, ChatModelSettings? settings = null) =>
        (Microsoft.Extensions.AI.IChatClient)InMemoryAssembly.Invoke(Registry, "LoadChatModel", id, settings)!;

    public Type Nested(string name) => Registry.GetNestedType(name, BindingFlags.Public)
        ?? throw new InvalidOperationException($"{Registry.Name} has no nested class {name}.");

    private T Bind<T>(string name) where T : Delegate =>
        (T)Delegate.CreateDelegate(typeof(T), Registry.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!);
}

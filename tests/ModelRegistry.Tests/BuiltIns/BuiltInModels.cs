using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>A registry that declares none of the built-in names, so every built-in appears in it as shipped (the main
/// test registry, <see cref="TestModels"/>, replaces <c>vllm</c> and <c>openrouter</c> with its own declarations).</summary>
[ModelProvider("echo", ChatClient = typeof(TestEchoChatClient))]
internal static partial class BuiltInModels
{
}

using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// A compilation emitted to memory and loaded into a collectible <see cref="AssemblyLoadContext"/>. The runtime
/// (<c>ModelRegistry</c>, <c>Microsoft.Extensions.AI.Abstractions</c>) resolves from the test's own context, so the
/// objects the generated code returns are the test's types; only the generated static members are called by reflection.
/// </summary>
internal sealed class InMemoryAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private InMemoryAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static InMemoryAssembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        Assert.True(result.Success, TestCompilations.Describe(result.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        return new InMemoryAssembly(context, context.LoadFromStream(image));
    }

    public Type GetType(string fullName) =>
        Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>Calls a public static method, unwrapping the exception it throws.</summary>
    public static object? Invoke(Type type, string method, params object?[] arguments)
    {
        MethodInfo target = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == method && m.GetParameters().Length == arguments.Length &&
                m.GetParameters().Zip(arguments).All(p => p.Second is null || p.First.ParameterType.IsInstanceOfType(p.Second)));
        try
        {
            return target.Invoke(null, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    public static object? GetStatic(Type type, string property) =>
        type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    public void Dispose() => _context.Unload();
}

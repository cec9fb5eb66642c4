using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ModelRegistry;

namespace Benchmarks.Lookup;

/// <summary>
/// The lookups of one generated registry class, as static members of a struct, so a generic benchmark specialised for
/// that struct calls the generated code directly (no interface call, no delegate) at every registry size.
/// </summary>
public interface IGeneratedRegistry
{
    /// <summary>The folder under <c>tests/Benchmarks/profiles</c> that holds this registry's profile files.</summary>
    static abstract string ProfilesFolder { get; }

    /// <summary>Every provider of the registry: the declared ones and the built-ins.</summary>
    static abstract ImmutableArray<ProviderInfo> Providers { get; }

    /// <summary>The generated <c>TryGetProvider</c>.</summary>
    static abstract bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider);

    /// <summary>The generated <c>TryGetProfile</c>.</summary>
    static abstract bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile);
}

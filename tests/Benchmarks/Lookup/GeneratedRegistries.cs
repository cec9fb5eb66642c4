using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Benchmarks.Registry;
using ModelRegistry;

namespace Benchmarks.Lookup;

// The three registry sizes the lookup benchmarks compare. Each adapter only forwards to its generated class; the name
// is what BenchmarkDotNet prints as the generic argument (ProviderLookupBenchmarks<Providers100>).

/// <summary>Ten declared providers (<see cref="BenchmarkModels"/>) plus the 16 built-ins: 26 names.</summary>
public readonly struct Providers10 : IGeneratedRegistry
{
    /// <inheritdoc/>
    public static string ProfilesFolder => "registry10";

    /// <inheritdoc/>
    public static ImmutableArray<ProviderInfo> Providers => BenchmarkModels.Providers;

    /// <inheritdoc/>
    public static bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider) =>
        BenchmarkModels.TryGetProvider(name, out provider);

    /// <inheritdoc/>
    public static bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile) =>
        BenchmarkModels.TryGetProfile(provider, model, out profile);
}

/// <summary>One hundred declared providers (<see cref="LookupRegistry100"/>) plus the 16 built-ins: 116 names.</summary>
public readonly struct Providers100 : IGeneratedRegistry
{
    /// <inheritdoc/>
    public static string ProfilesFolder => "registry100";

    /// <inheritdoc/>
    public static ImmutableArray<ProviderInfo> Providers => LookupRegistry100.Providers;

    /// <inheritdoc/>
    public static bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider) =>
        LookupRegistry100.TryGetProvider(name, out provider);

    /// <inheritdoc/>
    public static bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile) =>
        LookupRegistry100.TryGetProfile(provider, model, out profile);
}

/// <summary>One thousand declared providers (<see cref="LookupRegistry1000"/>) plus the 16 built-ins: 1,016 names.</summary>
public readonly struct Providers1000 : IGeneratedRegistry
{
    /// <inheritdoc/>
    public static string ProfilesFolder => "registry1000";

    /// <inheritdoc/>
    public static ImmutableArray<ProviderInfo> Providers => LookupRegistry1000.Providers;

    /// <inheritdoc/>
    public static bool TryGetProvider(ReadOnlySpan<char> name, [MaybeNullWhen(false)] out ProviderInfo provider) =>
        LookupRegistry1000.TryGetProvider(name, out provider);

    /// <inheritdoc/>
    public static bool TryGetProfile(ReadOnlySpan<char> provider, ReadOnlySpan<char> model, [MaybeNullWhen(false)] out ModelProfile profile) =>
        LookupRegistry1000.TryGetProfile(provider, model, out profile);
}

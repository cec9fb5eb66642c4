using BenchmarkDotNet.Attributes;
using ModelRegistry;

namespace Benchmarks.Lookup;

/// <summary>
/// Target 1, <c>TryGetProvider</c>: the generated lookup (a length-then-character decision tree with an ASCII
/// case-insensitive compare) against a <see cref="Dictionary{TKey, TValue}"/> with
/// <see cref="StringComparer.OrdinalIgnoreCase"/> (by string and through its span alternate lookup) and a
/// <see cref="System.Collections.Frozen.FrozenDictionary{TKey, TValue}"/> with the same comparer, all holding the
/// registry's providers (declared and built-in). Results are per lookup.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(Providers10))]
[GenericTypeArguments(typeof(Providers100))]
[GenericTypeArguments(typeof(Providers1000))]
public class ProviderLookupBenchmarks<TRegistry>
    where TRegistry : struct, IGeneratedRegistry
{
    private const int LookupCount = LookupData<TRegistry>.LookupCount;

    private LookupData<TRegistry> _data = null!;
    private string[] _names = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = LookupData<TRegistry>.Create();
        _names = _data.ProviderNames;

        // Every strategy must agree, or the comparison means nothing.
        int expected = Generated();
        if (expected == 0 || Dictionary() != expected || DictionarySpan() != expected || FrozenDictionarySpan() != expected)
        {
            throw new InvalidOperationException("The lookup strategies disagree on the registry's providers.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LookupCount)]
    public int Generated()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (TRegistry.TryGetProvider(name, out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int Dictionary()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (_data.Providers.TryGetValue(name, out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int DictionarySpan()
    {
        int found = 0;
        Dictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> providers = _data.ProvidersBySpan;
        foreach (string name in _names)
        {
            if (providers.TryGetValue(name.AsSpan(), out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int FrozenDictionarySpan()
    {
        int found = 0;
        System.Collections.Frozen.FrozenDictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> providers = _data.FrozenProvidersBySpan;
        foreach (string name in _names)
        {
            if (providers.TryGetValue(name.AsSpan(), out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }
}

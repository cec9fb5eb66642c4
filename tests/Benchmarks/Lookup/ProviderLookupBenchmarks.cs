using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Benchmarks.Registry;
using ModelRegistry;

namespace Benchmarks.Lookup;

/// <summary>
/// Provider lookup by name, ignoring case: the generated <c>TryGetProvider</c> (a switch over the span, compiled from the
/// declarations) against the dictionaries an application would otherwise build at start-up. Each invocation looks up
/// every name of <see cref="LookupNames"/> once; results are per lookup.
/// </summary>
[MemoryDiagnoser]
public class ProviderLookupBenchmarks
{
    private const int LookupCount = 13;

    /// <summary>Declared names in the casing users write them, others in upper case, and one name that is not declared.</summary>
    private static readonly string[] LookupNames =
    [
        "acme", "CEREBRAS", "hyperbolic", "Lepton", "nebius", "NOVITA", "sambanova", "SiliconFlow",
        "internal-gateway", "EDGE_VLLM", "vllm", "OpenRouter", "not-declared",
    ];

    private string[] _names = [];
    private Dictionary<string, ProviderInfo> _dictionary = [];
    private Dictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> _dictionaryBySpan;
    private FrozenDictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> _frozenBySpan;

    [GlobalSetup]
    public void Setup()
    {
        if (LookupNames.Length != LookupCount)
        {
            throw new InvalidOperationException($"{nameof(LookupCount)} must equal the number of lookup names ({LookupNames.Length}).");
        }

        // Fresh string instances: no lookup may hit a reference-equality shortcut with an interned literal, and nothing
        // is a compile-time constant the JIT could fold.
        _names = LookupNames.Select(name => new string(name.AsSpan())).ToArray();

        // The dictionaries hold exactly the providers the generated registry holds.
        _dictionary = BenchmarkModels.Providers.ToDictionary(provider => provider.Name, StringComparer.OrdinalIgnoreCase);
        _dictionaryBySpan = _dictionary.GetAlternateLookup<ReadOnlySpan<char>>();
        _frozenBySpan = _dictionary.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

        // Every strategy must agree, or the comparison means nothing.
        int expected = GeneratedSwitch();
        if (DictionaryOrdinalIgnoreCase() != expected || DictionaryAlternateLookupSpan() != expected
            || FrozenDictionaryAlternateLookupSpan() != expected)
        {
            throw new InvalidOperationException("The lookup strategies disagree on the declared providers.");
        }

        if (expected == 0)
        {
            throw new InvalidOperationException("The generated registry found none of the declared providers.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LookupCount)]
    public int GeneratedSwitch()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (BenchmarkModels.TryGetProvider(name, out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int DictionaryOrdinalIgnoreCase()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (_dictionary.TryGetValue(name, out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int DictionaryAlternateLookupSpan()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (_dictionaryBySpan.TryGetValue(name.AsSpan(), out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int FrozenDictionaryAlternateLookupSpan()
    {
        int found = 0;
        foreach (string name in _names)
        {
            if (_frozenBySpan.TryGetValue(name.AsSpan(), out ProviderInfo? provider))
            {
                found += provider.Name.Length;
            }
        }

        return found;
    }
}

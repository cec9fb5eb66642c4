using BenchmarkDotNet.Attributes;
using System.Collections.Frozen;
using ModelRegistry;
using FrozenModelLookup = System.Collections.Frozen.FrozenDictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;
using ModelLookup = System.Collections.Generic.Dictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;

namespace Benchmarks.Lookup;

/// <summary>
/// Target 1, <c>TryGetProfile</c>: the generated provider-then-model decision trees against dictionaries of
/// dictionaries (provider, then model id or alias, both ignoring case) filled from the same profile files.
/// Results are per lookup.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(Providers10))]
[GenericTypeArguments(typeof(Providers100))]
[GenericTypeArguments(typeof(Providers1000))]
public class ProfileLookupBenchmarks<TRegistry>
    where TRegistry : struct, IGeneratedRegistry
{
    private const int LookupCount = LookupData<TRegistry>.LookupCount;

    private LookupData<TRegistry> _data = null!;
    private (string Provider, string Model)[] _keys = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = LookupData<TRegistry>.Create();
        _keys = _data.ProfileKeys;

        int expected = Generated();
        if (expected == 0 || Dictionary() != expected || DictionarySpan() != expected || FrozenDictionarySpan() != expected)
        {
            throw new InvalidOperationException("The lookup strategies disagree on the registry's profiles.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LookupCount)]
    public int Generated()
    {
        int found = 0;
        foreach ((string provider, string model) in _keys)
        {
            if (TRegistry.TryGetProfile(provider, model, out ModelProfile? profile))
            {
                found += profile.Model.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int Dictionary()
    {
        int found = 0;
        foreach ((string provider, string model) in _keys)
        {
            if (_data.Profiles.TryGetValue(provider, out Dictionary<string, ModelProfile>? models)
                && models.TryGetValue(model, out ModelProfile? profile))
            {
                found += profile.Model.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int DictionarySpan()
    {
        int found = 0;
        Dictionary<string, ModelLookup>.AlternateLookup<ReadOnlySpan<char>> profiles = _data.ProfilesBySpan;
        foreach ((string provider, string model) in _keys)
        {
            if (profiles.TryGetValue(provider.AsSpan(), out ModelLookup models)
                && models.TryGetValue(model.AsSpan(), out ModelProfile? profile))
            {
                found += profile.Model.Length;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = LookupCount)]
    public int FrozenDictionarySpan()
    {
        int found = 0;
        FrozenDictionary<string, FrozenModelLookup>.AlternateLookup<ReadOnlySpan<char>> profiles = _data.FrozenProfilesBySpan;
        foreach ((string provider, string model) in _keys)
        {
            if (profiles.TryGetValue(provider.AsSpan(), out FrozenModelLookup models)
                && models.TryGetValue(model.AsSpan(), out ModelProfile? profile))
            {
                found += profile.Model.Length;
            }
        }

        return found;
    }
}

using BenchmarkDotNet.Attributes;
using System.Collections.Frozen;
using ModelRegistry;
using FrozenModelLookup = System.Collections.Frozen.FrozenDictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;
using ModelLookup = System.Collections.Generic.Dictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;

namespace Benchmarks.Lookup;

/// <summary>
/// Target 1, parsing <c>provider:model</c>: <see cref="ChatModelId.TrySplit"/> (split at the first colon, no
/// allocation) and then the profile lookup, generated against the dictionaries' span alternate lookups (a string-keyed
/// lookup would need two substrings per id). Results are per id.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(Providers10))]
[GenericTypeArguments(typeof(Providers100))]
[GenericTypeArguments(typeof(Providers1000))]
public class ModelIdLookupBenchmarks<TRegistry>
    where TRegistry : struct, IGeneratedRegistry
{
    private const int LookupCount = LookupData<TRegistry>.LookupCount;

    private LookupData<TRegistry> _data = null!;
    private string[] _ids = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = LookupData<TRegistry>.Create();
        _ids = _data.ModelIds;

        int expected = Generated();
        if (expected == 0 || DictionarySpan() != expected || FrozenDictionarySpan() != expected)
        {
            throw new InvalidOperationException("The lookup strategies disagree on the registry's model ids.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LookupCount)]
    public int Generated()
    {
        int found = 0;
        foreach (string id in _ids)
        {
            if (ChatModelId.TrySplit(id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model)
                && TRegistry.TryGetProfile(provider, model, out ModelProfile? profile))
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
        foreach (string id in _ids)
        {
            if (ChatModelId.TrySplit(id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model)
                && profiles.TryGetValue(provider, out ModelLookup models)
                && models.TryGetValue(model, out ModelProfile? profile))
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
        foreach (string id in _ids)
        {
            if (ChatModelId.TrySplit(id, out ReadOnlySpan<char> provider, out ReadOnlySpan<char> model)
                && profiles.TryGetValue(provider, out FrozenModelLookup models)
                && models.TryGetValue(model, out ModelProfile? profile))
            {
                found += profile.Model.Length;
            }
        }

        return found;
    }
}

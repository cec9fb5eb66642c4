using System.Collections.Frozen;
using System.Text.Json;
using Benchmarks.Shared;
using ModelRegistry;
using FrozenModelLookup = System.Collections.Frozen.FrozenDictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;
using ModelLookup = System.Collections.Generic.Dictionary<string, ModelRegistry.ModelProfile>.AlternateLookup<System.ReadOnlySpan<char>>;

namespace Benchmarks.Lookup;

/// <summary>
/// What the lookup benchmarks of one registry look up, and the run-time alternatives they race: the dictionaries an
/// application fills at start-up from the same providers and the same profile files the generator compiled.
/// </summary>
/// <remarks>
/// Every input is a fresh string built at run time: no lookup may hit a reference-equality shortcut with an interned
/// literal, and nothing is a constant the JIT could fold. Inputs mix the casing users write with upper and title case,
/// and each set ends with one miss.
/// </remarks>
public sealed class LookupData<TRegistry>
    where TRegistry : struct, IGeneratedRegistry
{
    /// <summary>How many lookups one benchmark invocation does (the <c>OperationsPerInvoke</c> of every lookup benchmark).</summary>
    public const int LookupCount = 13;

    private LookupData(
        string[] providerNames,
        (string Provider, string Model)[] profileKeys,
        Dictionary<string, ProviderInfo> providers,
        Dictionary<string, Dictionary<string, ModelProfile>> profiles)
    {
        ProviderNames = providerNames;
        ProfileKeys = profileKeys;
        ModelIds = profileKeys.Select(key => string.Concat(key.Provider, ":", key.Model)).ToArray();
        Providers = providers;
        ProvidersBySpan = providers.GetAlternateLookup<ReadOnlySpan<char>>();
        FrozenProviders = providers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        FrozenProvidersBySpan = FrozenProviders.GetAlternateLookup<ReadOnlySpan<char>>();
        Profiles = profiles;
        // The span side keeps each provider's alternate lookup, so a lookup does not create one per call.
        ProfilesBySpan = profiles
            .ToDictionary(pair => pair.Key, pair => pair.Value.GetAlternateLookup<ReadOnlySpan<char>>(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        FrozenProfilesBySpan = profiles
            .ToFrozenDictionary(
                pair => pair.Key,
                pair => pair.Value.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>(),
                StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Provider names to look up: twelve declared or built-in names spread over the registry, then a miss.</summary>
    public string[] ProviderNames { get; }

    /// <summary>Provider and model (id or alias) pairs: twelve profiled models, then a model the provider does not list.</summary>
    public (string Provider, string Model)[] ProfileKeys { get; }

    /// <summary><see cref="ProfileKeys"/> as <c>provider:model</c> ids.</summary>
    public string[] ModelIds { get; }

    /// <summary>The providers, by name ignoring case.</summary>
    public Dictionary<string, ProviderInfo> Providers { get; }

    /// <summary><see cref="Providers"/> through its span alternate lookup.</summary>
    public Dictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> ProvidersBySpan { get; }

    /// <summary>The providers in a frozen dictionary with the same comparer.</summary>
    public FrozenDictionary<string, ProviderInfo> FrozenProviders { get; }

    /// <summary><see cref="FrozenProviders"/> through its span alternate lookup.</summary>
    public FrozenDictionary<string, ProviderInfo>.AlternateLookup<ReadOnlySpan<char>> FrozenProvidersBySpan { get; }

    /// <summary>Profiles by provider, then by model id and alias, ignoring case.</summary>
    public Dictionary<string, Dictionary<string, ModelProfile>> Profiles { get; }

    /// <summary><see cref="Profiles"/> by span: span alternate lookups of both levels.</summary>
    public Dictionary<string, ModelLookup>.AlternateLookup<ReadOnlySpan<char>> ProfilesBySpan { get; }

    /// <summary>The profiles in frozen dictionaries with the same comparer, by span at both levels.</summary>
    public FrozenDictionary<string, FrozenModelLookup>.AlternateLookup<ReadOnlySpan<char>> FrozenProfilesBySpan { get; }

    /// <summary>Builds the inputs and fills the dictionaries, as an application would at start-up.</summary>
    public static LookupData<TRegistry> Create()
    {
        IReadOnlyList<ProviderInfo> all = TRegistry.Providers;
        var providers = new Dictionary<string, ProviderInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (ProviderInfo provider in all)
        {
            providers.Add(provider.Name, provider);
        }

        var profiles = new Dictionary<string, Dictionary<string, ModelProfile>>(StringComparer.OrdinalIgnoreCase);
        var profileKeys = new List<(string Provider, string Model)>();
        string folder = Path.Combine(RepositoryPaths.Profiles, TRegistry.ProfilesFolder);
        foreach (string file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            string providerName = document.RootElement.GetProperty("provider").GetString()!;
            var models = new Dictionary<string, ModelProfile>(StringComparer.OrdinalIgnoreCase);
            var keys = new List<string>();
            foreach (JsonProperty model in document.RootElement.GetProperty("models").EnumerateObject())
            {
                keys.Add(model.Name);
                if (model.Value.TryGetProperty("aliases", out JsonElement aliases))
                {
                    keys.AddRange(aliases.EnumerateArray().Select(alias => alias.GetString()!));
                }
            }

            // The values are the generated registry's own profiles: both sides answer with the same objects.
            foreach (string key in keys)
            {
                if (!TRegistry.TryGetProfile(providerName, key, out ModelProfile? profile))
                {
                    throw new InvalidOperationException($"The generated registry has no profile '{providerName}:{key}' although {file} lists it.");
                }

                models.Add(key, profile);
            }

            profiles.Add(providerName, models);
            // One id or alias of every profiled provider, and a second one of the first two.
            profileKeys.Add((providerName, keys[profileKeys.Count % keys.Count]));
            if (profileKeys.Count <= 3)
            {
                profileKeys.Add((providerName, keys[^1]));
            }
        }

        if (profileKeys.Count < LookupCount - 1)
        {
            throw new InvalidOperationException($"{folder} has too few profiled providers for {LookupCount - 1} profile lookups.");
        }

        string[] providerNames = Enumerable.Range(0, LookupCount - 1)
            .Select(i => all[i * (all.Count - 1) / (LookupCount - 2)].Name)
            .Append("not-declared")
            .ToArray();
        (string, string)[] keysToLookUp = profileKeys.Take(LookupCount - 1)
            .Append((profileKeys[0].Provider, "not-a-listed-model"))
            .ToArray();

        return new LookupData<TRegistry>(
            providerNames.Select((name, i) => Recase(name, i)).ToArray(),
            keysToLookUp.Select((key, i) => (Recase(key.Item1, i), Recase(key.Item2, i + 1))).ToArray(),
            providers,
            profiles);
    }

    /// <summary>A new string instance: as written, upper case or title case, by position.</summary>
    private static string Recase(string text, int position) => (position % 3) switch
    {
        0 => new string(text.AsSpan()),
        1 => text.ToUpperInvariant(),
        _ => string.Concat(text[..1].ToUpperInvariant(), text[1..]),
    };
}

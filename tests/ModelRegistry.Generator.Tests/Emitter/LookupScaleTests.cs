using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Emitter;

/// <summary>The switch-based lookups at the size DESIGN.md promises (1,000 providers), with names chosen to share
/// lengths and prefixes so the decision tree has to go deep.</summary>
public sealed class LookupScaleTests
{
    private static readonly string[] Names = CreateNames(1000);

    [Fact]
    public void Finds_every_one_of_a_thousand_providers_in_any_case_and_nothing_else()
    {
        var spec = new RegistrySpec(
            new RegistryClassSpec("Scale", "Models", ImmutableEquatableArray<string>.Empty, "Scale.Models.g.cs"),
            Names.Select((name, i) => SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider(name, CompatibilitySpec.Unset), "P" + i)).ToImmutableEquatableArray());
        Compilation compilation = TestCompilations.Create("namespace Scale { internal static partial class Models { } }", RegistryEmitter.Emit(spec));
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));

        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Scale.Models"));
        var known = new HashSet<string>(Names, StringComparer.OrdinalIgnoreCase);
        foreach (string name in Names)
        {
            Assert.True(api.TryGetProvider(name.ToUpperInvariant(), out ProviderInfo upper), name);
            Assert.Equal(name, upper.Name);
            Assert.True(api.TryGetProvider(name, out ProviderInfo exact), name);
            Assert.Same(upper, exact);

            foreach (string near in NearMisses(name).Where(n => !known.Contains(n)))
            {
                Assert.False(api.TryGetProvider(near, out _), near);
            }
        }
    }

    [Fact]
    public void No_generated_lookup_method_decides_more_than_a_few_hundred_keys()
    {
        // One method holding the whole tree of 1,000 keys exceeds the JIT's budget and is compiled with MinOpts.
        var spec = new RegistrySpec(
            new RegistryClassSpec("Scale", "Models", ImmutableEquatableArray<string>.Empty, "Scale.Models.g.cs"),
            Names.Select((name, i) => SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider(name, CompatibilitySpec.Unset), "P" + i)).ToImmutableEquatableArray());
        Dictionary<string, int> comparisons = ComparisonsPerLookupMethod(RegistryEmitter.Emit(spec));

        Assert.True(comparisons.Count > 2, "the thousand-key lookup is split into helpers");
        Assert.All(comparisons, method => Assert.InRange(method.Value, 0, 128));
        Assert.Equal(Names.Length, comparisons.Values.Sum());
    }

    [Fact]
    public void Finds_every_one_of_six_hundred_models_of_the_same_length_in_one_provider()
    {
        // Same-length ids make one length bucket too big for one method, so it is split again by character.
        string[] ids = Enumerable.Range(0, 600).Select(i => $"{(char)('a' + i % 7)}{(char)('a' + i % 26)}-{i:D4}").ToArray();
        ResolvedModelSpec[] models = ids.Select((id, i) => new ResolvedModelSpec(
            new ModelSpec(id, ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null),
            "Model" + i, CompatibilitySpec.Defaults)).ToArray();
        var spec = new RegistrySpec(
            new RegistryClassSpec("Many", "Models", ImmutableEquatableArray<string>.Empty, "Many.Models.g.cs"),
            new[] { SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider("local", CompatibilitySpec.Unset), "Local", models) }.ToImmutableEquatableArray());
        string source = RegistryEmitter.Emit(spec);
        Dictionary<string, int> comparisons = ComparisonsPerLookupMethod(source);
        Assert.Contains(comparisons.Keys, name => name.Contains("_Length") && name.LastIndexOf('_') > name.IndexOf("_Length", StringComparison.Ordinal));
        Assert.All(comparisons, method => Assert.InRange(method.Value, 0, 128));

        Compilation compilation = TestCompilations.Create("namespace Many { internal static partial class Models { } }", source);
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Many.Models"));
        foreach (string id in ids)
        {
            Assert.True(api.TryGetProfile("LOCAL", id.ToUpperInvariant(), out ModelProfile profile), id);
            Assert.Equal(id, profile.Model);
            Assert.False(api.TryGetProfile("local", id[..^1] + "x", out _), id);
        }
    }

    [Fact]
    public void Finds_the_profiles_of_four_hundred_profiled_providers_through_split_helpers()
    {
        // More profiled providers than one method decides: the profile tree by provider is split too, and its helpers
        // must hand the model id on.
        string[] names = Names.Take(400).ToArray();
        ResolvedModelSpec Model(int i) => new(
            new ModelSpec($"model-{i}", ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null),
            "Model", CompatibilitySpec.Defaults);
        var spec = new RegistrySpec(
            new RegistryClassSpec("Profiled", "Models", ImmutableEquatableArray<string>.Empty, "Profiled.Models.g.cs"),
            names.Select((name, i) => SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider(name, CompatibilitySpec.Unset), "P" + i, Model(i))).ToImmutableEquatableArray());
        string source = RegistryEmitter.Emit(spec);
        Dictionary<string, int> comparisons = ComparisonsPerLookupMethod(source);
        Assert.Contains(comparisons.Keys, name => name.StartsWith("__FindProfileByProvider_Length", StringComparison.Ordinal));
        Assert.All(comparisons, method => Assert.InRange(method.Value, 0, 128));

        Compilation compilation = TestCompilations.Create("namespace Profiled { internal static partial class Models { } }", source);
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Profiled.Models"));
        for (int i = 0; i < names.Length; i++)
        {
            Assert.True(api.TryGetProfile(names[i].ToUpperInvariant(), $"MODEL-{i}", out ModelProfile profile), names[i]);
            Assert.Equal($"model-{i}", profile.Model);
            Assert.False(api.TryGetProfile(names[i], $"model-{(i + 1) % names.Length}", out _), names[i]);
            Assert.False(api.TryGetProfile(names[i] + "x", $"model-{i}", out _), names[i]);
        }
    }

    [Fact]
    public void Keys_that_no_character_separates_fall_back_to_comparisons()
    {
        // '_' folds to DEL and '@'-like characters fold onto letters: the final comparison must still tell them apart.
        var spec = new RegistrySpec(
            new RegistryClassSpec("Fold", "Models", ImmutableEquatableArray<string>.Empty, "Fold.Models.g.cs"),
            new[] { "a_b", "a-b", "A\u007Fb" }.Select((name, i) => SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider(name, CompatibilitySpec.Unset), "P" + i)).ToImmutableEquatableArray());
        Compilation compilation = TestCompilations.Create("namespace Fold { internal static partial class Models { } }", RegistryEmitter.Emit(spec));
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Fold.Models"));
        Assert.True(api.TryGetProvider("A_B", out ProviderInfo underscore));
        Assert.Equal("a_b", underscore.Name);
        Assert.True(api.TryGetProvider("a-B", out ProviderInfo dash));
        Assert.Equal("a-b", dash.Name);
        Assert.False(api.TryGetProvider("a\u007FB_", out _));
    }

    [Fact]
    public void Non_ascii_model_ids_match_exactly_except_for_ascii_case()
    {
        ModelSpec Model(string id, params string[] aliases) => new(id, aliases.ToImmutableEquatableArray(), ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null);
        var spec = new RegistrySpec(
            new RegistryClassSpec("Unicode", "Models", ImmutableEquatableArray<string>.Empty, "Unicode.Models.g.cs"),
            new[]
            {
                SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider("local", CompatibilitySpec.Unset), "Local",
                    new ResolvedModelSpec(Model("café-ünï", "модель"), "CafeUni", CompatibilitySpec.Defaults),
                    new ResolvedModelSpec(Model("cafe-uni"), "CafeUni2", CompatibilitySpec.Defaults)),
            }.ToImmutableEquatableArray());
        Compilation compilation = TestCompilations.Create("namespace Unicode { internal static partial class Models { } }", RegistryEmitter.Emit(spec));
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Unicode.Models"));

        Assert.True(api.TryGetProfile("local", "café-ünï", out ModelProfile exact));
        Assert.Equal("café-ünï", exact.Model);
        Assert.True(api.TryGetProfile("local", "CAFé-üNï", out ModelProfile asciiCase));
        Assert.Same(exact, asciiCase);
        Assert.True(api.TryGetProfile("local", "модель", out ModelProfile alias));
        Assert.Same(exact, alias);
        Assert.True(api.TryGetProfile("local", "CAFE-UNI", out ModelProfile ascii));
        Assert.Equal("cafe-uni", ascii.Model);

        Assert.False(api.TryGetProfile("local", "CAFÉ-ÜNÏ", out _));
        Assert.False(api.TryGetProfile("local", "café-uni", out _));
    }

    [Theory]
    [InlineData("abc", "ABC", true)]
    [InlineData("ä-x", "ä-X", true)]
    [InlineData("ä", "Ä", false)]
    [InlineData("@", "`", false)]
    [InlineData("[", "{", false)]
    [InlineData("ab", "abc", false)]
    public void The_runtime_comparison_ignores_only_ascii_case(string left, string right, bool equal) =>
        Assert.Equal(equal, GeneratedRegistrySupport.EqualsIgnoringAsciiCase(left, right));

    /// <summary>For each generated lookup method (<c>__Find…</c>), how many final comparisons its body holds.</summary>
    private static Dictionary<string, int> ComparisonsPerLookupMethod(string source)
    {
        var counts = new Dictionary<string, int>();
        string? current = null;
        foreach (string line in source.Split('\n'))
        {
            System.Text.RegularExpressions.Match header = System.Text.RegularExpressions.Regex.Match(line, @"private static [^(]+ (__Find\w+)\(");
            if (header.Success)
            {
                current = header.Groups[1].Value;
                counts[current] = 0;
            }
            else if (line.StartsWith("        private ", StringComparison.Ordinal) || line.StartsWith("        public ", StringComparison.Ordinal))
            {
                current = null;
            }
            // Every final comparison is one call of the runtime's GeneratedLookup.EqualsKey.
            else if (current is not null && line.Contains("GeneratedLookup.EqualsKey(", StringComparison.Ordinal))
            {
                counts[current]++;
            }
        }

        return counts;
    }

    private static string[] CreateNames(int count)
    {
        var random = new Random(1234);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "vllm", "openrouter", "together", "ollama", "openai", "openai-compatible" };
        while (names.Count < count)
        {
            // Short names collide in length often; a shared prefix forces splits on later positions.
            string prefix = random.Next(3) == 0 ? "open" : "";
            int length = random.Next(2, 9);
            names.Add(prefix + new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(26)]).ToArray()) +
                (random.Next(4) == 0 ? "-" + alphabet[random.Next(alphabet.Length)] : ""));
        }

        return names.ToArray();
    }

    private static IEnumerable<string> NearMisses(string name)
    {
        yield return name + "x";
        yield return name[..^1];
        yield return "x" + name;
        yield return name[..^1] + (char)(name[^1] + 1);
        yield return (char)(name[0] + 1) + name[1..];
    }
}

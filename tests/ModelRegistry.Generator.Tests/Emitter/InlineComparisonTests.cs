using System.Text;
using Microsoft.CodeAnalysis;
using ModelRegistry.Compiler;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Emitter;

/// <summary>The comparison that ends every generated lookup, the runtime's <c>GeneratedLookup.EqualsKey</c> (chunked reads,
/// the case bit set only where the key has a letter): it must accept exactly what <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{char}, ReadOnlySpan{char})"/>
/// accepts, for keys of every length that exercises a different read width or overlap.</summary>
public sealed class InlineComparisonTests(InlineComparisonTests.KeysRegistry registry) : IClassFixture<InlineComparisonTests.KeysRegistry>
{
    /// <summary>Lengths 1 to 20 (16-, 32-, 64- and 128-bit reads, overlapping tails), every character class a provider name or
    /// model id uses, and characters whose case bit turns them into another ASCII character ('@'/'`', '['/'{', '_'/DEL,
    /// '-' against '\r', '.' against '\u000E', ':' against '\u001A', '/' against '\u000F').</summary>
    private static readonly string[] Keys =
    [
        "x", "7", "-", "ab", "a-", "z9", "xai", "a.b", "@`", "[{", "_", "groq", "vllm", "a_b", "a:b/c", "local",
        "gemini", "openai", "o1-pro", "mistral", "deepseek", "llama3.1:8b", "openrouter", "azure-openai",
        "openai-compatible", "gpt-4o-mini-2024-07", "meta-llama/llama-3b",
    ];

    private readonly GeneratedRegistryApi _registry = registry.Api;

    public static TheoryData<string> EveryKey => new(Keys);

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Finds_the_key_in_every_ascii_casing(string key)
    {
        foreach (string casing in Casings(key))
        {
            Assert.True(_registry.TryGetProvider(casing, out ProviderInfo found), casing);
            Assert.Equal(key, found.Name);
        }
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Answers_every_one_character_change_exactly_as_ascii_equals_ignore_case(string key)
    {
        // Every ASCII character and the non-ASCII ones that look like, fold onto or share a low byte with an ASCII one.
        IEnumerable<char> replacements = Enumerable.Range(0, 0x80).Select(c => (char)c)
            .Concat(['\u212A', '\u0131', '\u0130', '\u017F', '\uFF21', '\uFF41', '\u0161', '\u00E9', '\u0100', '\u2D2D', '\uFFFF']);
        char[] text = key.ToCharArray();
        foreach (char replacement in replacements)
        {
            for (int position = 0; position < key.Length; position++)
            {
                text[position] = replacement;
                string candidate = new(text);
                string? expected = Keys.SingleOrDefault(k => Ascii.EqualsIgnoreCase(candidate, k));
                bool found = _registry.TryGetProvider(candidate, out ProviderInfo provider);
                Assert.True(found == expected is not null, $"{Escape(candidate)} (from {key}): expected {expected ?? "no match"}");
                if (found)
                {
                    Assert.Equal(expected, provider.Name);
                }

                text[position] = key[position];
            }
        }
    }

    [Theory]
    [InlineData("openai", "openai\r")]
    [InlineData("a-", "A\r")]
    [InlineData("azure-openai", "AZURE\rOPENAI")]
    [InlineData("openai-compatible", "openai\rcompatible")]
    [InlineData("a.b", "a\u000Eb")]
    [InlineData("a:b/c", "a\u001Ab/c")]
    [InlineData("a:b/c", "a:b\u000Fc")]
    [InlineData("a_b", "a\u007Fb")]
    [InlineData("@`", "`@")]
    [InlineData("@`", "``")]
    [InlineData("[{", "{{")]
    [InlineData("z9", "Z\u0019")]
    [InlineData("openai", "OPENA\u0131")]
    [InlineData("xai", "x\u212Ai")]
    public void RejectsCharactersThatOnlyTheCaseBitWouldMakeEqual(string key, string lookAlike)
    {
        Assert.Contains(key, Keys);
        Assert.False(_registry.TryGetProvider(lookAlike, out _), Escape(lookAlike));
    }

    [Fact]
    public void Rejects_empty_and_overlong_inputs_and_reads_only_the_span()
    {
        Assert.False(_registry.TryGetProvider("", out _));
        Assert.False(_registry.TryGetProvider(new string('a', 1000), out _));
        foreach (string key in Keys)
        {
            Assert.False(_registry.TryGetProvider(key + key, out _), key + key);

            // A slice whose neighbours in memory would complete another key: only the slice's characters count.
            string padded = "~~" + key.ToUpperInvariant() + "-compatible";
            Assert.True(_registry.TryGetProvider(padded.AsSpan(2, key.Length), out ProviderInfo found), key);
            Assert.Equal(key, found.Name);
        }
    }

    [Fact]
    public void Compares_model_ids_of_the_profile_tree_through_the_runtime_helper()
    {
        ModelSpec Model(string id, params string[] aliases) => new(id, aliases.ToImmutableEquatableArray(), ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null);
        var spec = new RegistrySpec(
            new RegistryClassSpec("Profiles", "Models", ImmutableEquatableArray<string>.Empty, "Profiles.Models.g.cs"),
            new[]
            {
                SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider("openrouter", CompatibilitySpec.Unset), "OpenRouter",
                    new ResolvedModelSpec(Model("meta-llama/llama-3.1-70b-instruct", "llama70"), "Llama", CompatibilitySpec.Defaults),
                    new ResolvedModelSpec(Model("qwen/qwen3-235b-a22b:free"), "Qwen", CompatibilitySpec.Defaults)),
            }.ToImmutableEquatableArray());
        string source = RegistryEmitter.Emit(spec);
        // The tree ends in the runtime's comparison (issue #13, part 5), for model ids as for provider names.
        Assert.Contains("global::ModelRegistry.GeneratedLookup.EqualsKey(model, \"meta-llama/llama-3.1-70b-instruct\")", source, StringComparison.Ordinal);
        Compilation compilation = TestCompilations.Create("namespace Profiles { internal static partial class Models { } }", source);
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Profiles.Models"));

        Assert.True(api.TryGetProfile("OpenRouter", "META-LLAMA/LLAMA-3.1-70B-INSTRUCT", out ModelProfile llama));
        Assert.Equal("meta-llama/llama-3.1-70b-instruct", llama.Model);
        Assert.True(api.TryGetProfile("openrouter", "Llama70", out ModelProfile alias));
        Assert.Same(llama, alias);
        Assert.True(api.TryGetProfile("OPENROUTER", "Qwen/Qwen3-235B-A22B:Free", out ModelProfile qwen));
        Assert.Equal("qwen/qwen3-235b-a22b:free", qwen.Model);

        Assert.False(api.TryGetProfile("openrouter", "meta-llama/llama-3.1-70b-instruc\u0014", out _));
        Assert.False(api.TryGetProfile("openrouter", "meta-llama\u000Fllama-3.1-70b-instruct", out _));
        Assert.False(api.TryGetProfile("openrouter", "qwen/qwen3-235b-a22b\u001Afree", out _));
        Assert.False(api.TryGetProfile("openrouter", "qwen/qwen3-235b-a22b:fre\u212A", out _));
    }

    [Fact]
    public void An_empty_model_id_compiles_and_matches_only_the_empty_span()
    {
        // The parsers reject empty ids, but the emitter must still write code that compiles for one.
        var spec = new RegistrySpec(
            new RegistryClassSpec("Empty", "Models", ImmutableEquatableArray<string>.Empty, "Empty.Models.g.cs"),
            new[]
            {
                SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider("local", CompatibilitySpec.Unset), "Local",
                    new ResolvedModelSpec(new ModelSpec("", ImmutableEquatableArray<string>.Empty, ImmutableEquatableArray<ProfileFieldSpec>.Empty, null, null, null, null), "Empty", CompatibilitySpec.Defaults)),
            }.ToImmutableEquatableArray());
        Compilation compilation = TestCompilations.Create("namespace Empty { internal static partial class Models { } }", RegistryEmitter.Emit(spec));
        Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(compilation);
        var api = new GeneratedRegistryApi(assembly.GetType("Empty.Models"));

        Assert.True(api.TryGetProfile("LOCAL", "", out ModelProfile profile));
        Assert.Equal("", profile.Model);
        Assert.False(api.TryGetProfile("local", "x", out _));
    }

    /// <summary>Every casing of the key's letters for short keys; for long ones lower, upper, and alternating both ways.</summary>
    private static IEnumerable<string> Casings(string key)
    {
        int[] letters = Enumerable.Range(0, key.Length).Where(i => char.IsAsciiLetter(key[i])).ToArray();
        if (letters.Length <= 10)
        {
            for (int bits = 0; bits < 1 << letters.Length; bits++)
            {
                char[] text = key.ToCharArray();
                for (int i = 0; i < letters.Length; i++)
                {
                    if ((bits & (1 << i)) != 0)
                    {
                        text[letters[i]] = char.ToUpperInvariant(text[letters[i]]);
                    }
                }

                yield return new string(text);
            }

            yield break;
        }

        yield return key;
        yield return key.ToUpperInvariant();
        yield return new string(key.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c).ToArray());
        yield return new string(key.Select((c, i) => i % 2 == 1 ? char.ToUpperInvariant(c) : c).ToArray());
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in text)
        {
            builder.Append(c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }

    /// <summary>The registry of <see cref="Keys"/>, generated, compiled and loaded once for the class.</summary>
    public sealed class KeysRegistry : IDisposable
    {
        private readonly InMemoryAssembly _assembly;

        public KeysRegistry()
        {
            var spec = new RegistrySpec(
                new RegistryClassSpec("Inline", "Models", ImmutableEquatableArray<string>.Empty, "Inline.Models.g.cs"),
                Keys.Select((name, i) => SampleRegistrySpecs.Resolved(SampleRegistrySpecs.Provider(name, CompatibilitySpec.Unset), "P" + i)).ToImmutableEquatableArray());

            // Default options: no AllowUnsafeBlocks, as in a user's project.
            Compilation compilation = TestCompilations.Create("namespace Inline { internal static partial class Models { } }", RegistryEmitter.Emit(spec));
            Assert.Empty(TestCompilations.VisibleDiagnostics(compilation));
            _assembly = InMemoryAssembly.Load(compilation);
            Api = new GeneratedRegistryApi(_assembly.GetType("Inline.Models"));
        }

        internal GeneratedRegistryApi Api { get; }

        public void Dispose() => _assembly.Dispose();
    }
}

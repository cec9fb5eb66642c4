using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.AI;
using ModelRegistry.Generator;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>
/// The built-ins have one home, <c>generator/BuiltIns/builtin-providers.json</c>, read twice: by the compiler (which writes
/// a built-in in full into a registry that gives it profiles) and by the runtime (whose one instance every other registry
/// shares, <see cref="GeneratedRegistrySupport.BuiltIn"/>). These tests keep the two readings equal, property by property.
/// </summary>
public sealed class RuntimeBuiltInsTests
{
    [Fact]
    public void Every_property_of_each_runtime_built_in_equals_what_the_generator_emits_for_it()
    {
        ImmutableArray<ProviderInfo> emitted = EmitEveryBuiltInInFull();

        Assert.Equal(BuiltInTable.Entries.Select(e => e.Name).Order(StringComparer.Ordinal), emitted.Select(p => p.Name));
        foreach (ProviderInfo generated in emitted)
        {
            ProviderInfo shared = GeneratedRegistrySupport.BuiltIn(generated.Name);
            Assert.NotSame(generated, shared);
            foreach (PropertyInfo property in typeof(ProviderInfo).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                object? expected = property.GetValue(generated);
                object? actual = property.GetValue(shared);
                if (property.Name == nameof(ProviderInfo.Models))
                {
                    // The profiles the mirror registry gave it, which the shared instance has none of.
                    Assert.Equal(["m"], ((ImmutableArray<string>)expected!).ToArray());
                    Assert.Empty((ImmutableArray<string>)actual!);
                }
                else if (expected is IEnumerable sequence and not string)
                {
                    Assert.Equal(sequence.Cast<object>(), ((IEnumerable)actual!).Cast<object>());
                }
                else
                {
                    Assert.True(Equals(expected, actual), $"{generated.Name}.{property.Name}: the generator emits '{expected}', the runtime has '{actual}'.");
                }
            }
        }
    }

    [Fact]
    public void A_registry_that_neither_redeclares_nor_profiles_a_built_in_shares_the_runtimes_instance()
    {
        Assert.Same(GeneratedRegistrySupport.BuiltIn("openai"), BuiltInModels.Openai.Info);
        Assert.True(BuiltInModels.TryGetProvider("OpenAI", out ProviderInfo? provider));
        Assert.Same(GeneratedRegistrySupport.BuiltIn("openai"), provider);
        Assert.Throws<InvalidOperationException>(() => GeneratedRegistrySupport.BuiltIn("no-such-built-in"));
    }

    /// <summary>Runs the generator on a registry that gives every built-in a profile (so each is written in full), compiles
    /// the result, loads it, and returns its providers that are built-ins.</summary>
    private static ImmutableArray<ProviderInfo> EmitEveryBuiltInInFull()
    {
        const string Source = """
            namespace Mirror;

            [ModelRegistry.ModelProvider("mirror", Kind = "openai-compatible", BaseUrl = "http://localhost:1/v1")]
            public static partial class MirrorModels { }
            """;
        CSharpParseOptions parseOptions = new(LanguageVersion.CSharp12);
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        IEnumerable<MetadataReference> references = platform
            .Concat([typeof(ProviderInfo).Assembly.Location, typeof(IChatClient).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        CSharpCompilation compilation = CSharpCompilation.Create(
            "BuiltInMirror" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(Source, parseOptions)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        AdditionalText[] profiles = BuiltInTable.Entries
            .Select(e => (AdditionalText)new ProfileText($"/mirror/profiles/{e.Name}.json", $$"""{ "provider": "{{e.Name}}", "models": { "m": {} } }"""))
            .ToArray();

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new RegistryGenerator().AsSourceGenerator()], profiles, parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));

        image.Position = 0;
        var context = new AssemblyLoadContext("BuiltInMirror", isCollectible: true);
        try
        {
            Type registry = context.LoadFromStream(image).GetType("Mirror.MirrorModels", throwOnError: true)!;
            var providers = (ImmutableArray<ProviderInfo>)registry.GetProperty("Providers")!.GetValue(null)!;
            return providers.Where(p => p.IsBuiltIn).ToImmutableArray();
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class ProfileText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}

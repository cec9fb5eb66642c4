using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry;

namespace Benchmarks.Generator;

/// <summary>
/// The input of the generator benchmark, built in memory: one registry class declaring <see cref="Providers"/>
/// providers with attributes, a profile file with <see cref="ModelsPerProvider"/> models for each, and an unrelated
/// source file that the incremental benchmark edits.
/// </summary>
public static class LargeRegistrySource
{
    /// <summary>Declared providers.</summary>
    public const int Providers = 1_000;

    /// <summary>Profiled models of each provider.</summary>
    public const int ModelsPerProvider = 10;

    /// <summary>The path of the unrelated source file.</summary>
    public const string UnrelatedPath = "Unrelated.cs";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The compilation: the registry class and the unrelated file, referencing the runtime and the framework.</summary>
    public static CSharpCompilation CreateCompilation() => CreateCompilation(Providers);

    /// <summary>The same with <paramref name="providers"/> declared providers (the catalog benchmark declares one).</summary>
    public static CSharpCompilation CreateCompilation(int providers)
    {
        var registry = new StringBuilder("using ModelRegistry;\n\nnamespace Large;\n\n");
        for (int i = 0; i < providers; i++)
        {
            registry.Append("[ModelProvider(\"").Append(ProviderName(i)).Append("\", Kind = \"openai-compatible\", BaseUrl = \"https://")
                .Append(ProviderName(i)).Append(".example/v1\")]\n");
        }

        registry.Append("public static partial class Models\n{\n}\n");

        ImmutableArray<MetadataReference> references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(ModelProviderAttribute).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

        return CSharpCompilation.Create(
            "LargeRegistry",
            [
                CSharpSyntaxTree.ParseText(registry.ToString(), ParseOptions, "Models.cs"),
                CSharpSyntaxTree.ParseText(UnrelatedSource(0), ParseOptions, UnrelatedPath),
            ],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary><paramref name="compilation"/> after an edit of the unrelated file (a new method body), as a keystroke would leave it.</summary>
    public static CSharpCompilation EditUnrelatedFile(CSharpCompilation compilation, int edit)
    {
        SyntaxTree unrelated = compilation.SyntaxTrees.Single(tree => tree.FilePath == UnrelatedPath);
        return compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(UnrelatedSource(edit), ParseOptions, UnrelatedPath));
    }

    /// <summary>One profile file per provider.</summary>
    public static ImmutableArray<AdditionalText> CreateProfiles()
    {
        var files = ImmutableArray.CreateBuilder<AdditionalText>(Providers);
        for (int i = 0; i < Providers; i++)
        {
            var json = new StringBuilder().Append("{\n  \"provider\": \"").Append(ProviderName(i)).Append("\",\n  \"models\": {\n");
            for (int m = 0; m < ModelsPerProvider; m++)
            {
                json.Append("    \"model-").Append(m).Append("-instruct\": { \"max_input_tokens\": ").Append(8192 << (m % 5))
                    .Append(", \"tool_calling\": true, \"aliases\": [\"m").Append(m).Append("\"], \"pricing\": { \"prompt\": \"0.1\", \"completion\": \"0.4\" } }")
                    .Append(m == ModelsPerProvider - 1 ? "\n" : ",\n");
            }

            json.Append("  }\n}\n");
            files.Add(new InMemoryText($"/src/profiles/{ProviderName(i)}.json", json.ToString()));
        }

        return files.MoveToImmutable();
    }

    private static string ProviderName(int index) => $"provider-{index:D4}";

    private static string UnrelatedSource(int edit) =>
        $"namespace Large;\n\ninternal static class Unrelated\n{{\n    public static int Answer() => {edit};\n}}\n";

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using ModelRegistry.Generator.Tests.Infrastructure;

namespace ModelRegistry.Generator.Tests.Generation;

/// <summary>The embedding fields of a profile (<c>kind</c>, <c>output_modalities: ["embedding"]</c>, <c>dimensions</c>,
/// <c>max_batch_size</c>, <c>max_batch_tokens</c>) compiled into <see cref="ModelProfile"/>, the typed id of an embedding
/// model (an <see cref="EmbeddingModelId"/>), and the generated <c>LoadEmbeddingModel</c> overloads.</summary>
public sealed class EmbeddingProfileTests
{
    private const string Declaration = """
        using ModelRegistry;
        namespace Lab;
        /// <summary>The registry.</summary>
        [ModelProvider("lab", Kind = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1")]
        public static partial class Models { }
        """;

    private const string Profiles = """
        { "provider": "lab", "models": {
            "text-embedding-3-small": { "kind": "embedding", "dimensions": 1536, "max_input_tokens": 8192, "max_batch_size": 2048,
                                        "max_batch_tokens": 300000, "pricing": { "prompt": "0.00000002" } },
            "nomic-embed": { "output_modalities": ["embedding"] },
            "qwen3-4b": { "max_input_tokens": 32768 } } }
        """;

    [Fact]
    public void Embedding_fields_reach_the_profile_and_the_typed_id_is_an_EmbeddingModelId()
    {
        GeneratorRun run = GeneratorHarness.Run([Declaration], new InMemoryAdditionalText("/app/profiles/lab.json", Profiles));
        Assert.Empty(TestCompilations.VisibleDiagnostics(run.Output));
        using InMemoryAssembly assembly = InMemoryAssembly.Load(run.Output);
        var api = new GeneratedRegistryApi(assembly.GetType("Lab.Models"));

        Assert.True(api.TryGetProfile("lab", "text-embedding-3-small", out ModelProfile small));
        Assert.Equal(ModelKind.Embedding, small.Kind);
        Assert.Equal((1536, 8192, 2048, 300000), (small.Dimensions, small.MaxInputTokens, small.MaxBatchSize, small.MaxBatchTokens));
        Assert.Equal(0.00000002m, small.Pricing?.Prompt);
        Assert.True(api.TryGetProfile("lab", "nomic-embed", out ModelProfile nomic));
        Assert.Equal(ModelKind.Embedding, nomic.Kind);
        Assert.True(api.TryGetProfile("lab", "qwen3-4b", out ModelProfile qwen));
        Assert.Equal(ModelKind.Chat, qwen.Kind);

        Type lab = api.Nested("Lab");
        Assert.Equal(new EmbeddingModelId("lab", "text-embedding-3-small"), InMemoryAssembly.GetStatic(lab, "TextEmbedding3Small"));
        Assert.Equal(new EmbeddingModelId("lab", "nomic-embed"), InMemoryAssembly.GetStatic(lab, "NomicEmbed"));
        Assert.Equal(new ChatModelId("lab", "qwen3-4b"), InMemoryAssembly.GetStatic(lab, "Qwen3_4B"));

        // Every load path of the generated class: static by id, by id and provider, typed, the nested class, the registry object.
        Type models = assembly.GetType("Lab.Models");
        object? settings = null;
        var generators = new[]
        {
            InMemoryAssembly.Invoke(models, "LoadEmbeddingModel", "lab:text-embedding-3-small", settings),
            InMemoryAssembly.Invoke(models, "LoadEmbeddingModel", "text-embedding-3-small", "lab", settings),
            InMemoryAssembly.Invoke(models, "LoadEmbeddingModel", InMemoryAssembly.GetStatic(lab, "TextEmbedding3Small"), settings),
            InMemoryAssembly.Invoke(lab, "LoadEmbeddingModel", "text-embedding-3-small", settings),
            ((IModelRegistry)InMemoryAssembly.GetStatic(models, "Registry")!).LoadEmbeddingModel("lab:text-embedding-3-small"),
        };
        foreach (object? generator in generators)
        {
            var typed = Assert.IsAssignableFrom<IEmbeddingGenerator<string, Embedding<float>>>(generator);
            Assert.Same(small, typed.GetService(typeof(ModelProfile)));
            Assert.Equal(1536, typed.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        }
    }

    [Fact]
    public void The_generated_source_declares_the_embedding_overloads_and_typed_ids()
    {
        GeneratorRun run = GeneratorHarness.Run([Declaration], new InMemoryAdditionalText("/app/profiles/lab.json", Profiles));
        string source = run.GeneratedSources.Single().SourceText.ToString();

        Assert.Contains("public static global::Microsoft.Extensions.AI.IEmbeddingGenerator<string, global::Microsoft.Extensions.AI.Embedding<float>> LoadEmbeddingModel(global::ModelRegistry.EmbeddingModelId model,", source, StringComparison.Ordinal);
        Assert.Contains("public static global::ModelRegistry.EmbeddingModelId TextEmbedding3Small { get; }", source, StringComparison.Ordinal);
        Assert.Contains("Kind = global::ModelRegistry.ModelKind.Embedding,", source, StringComparison.Ordinal);
        Assert.Contains("public static global::ModelRegistry.ChatModelId Qwen3_4B { get; }", source, StringComparison.Ordinal);
    }
}

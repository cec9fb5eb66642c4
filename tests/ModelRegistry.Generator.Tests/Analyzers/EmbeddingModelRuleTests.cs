using Microsoft.CodeAnalysis;
using static ModelRegistry.Generator.Tests.Infrastructure.AnalyzerHarness;

namespace ModelRegistry.Generator.Tests.Analyzers;

/// <summary>Embedding models at the call site: MR0015–MR0017 check <c>LoadEmbeddingModel</c> ids and keyed
/// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> keys as they check chat ids, and MR0029 reports a model loaded as
/// the other kind (bad), while the same calls with the right load method or service type report nothing (fixed). The
/// profile's embedding fields are validated where they are written (MR0004).</summary>
public sealed class EmbeddingModelRuleTests
{
    private const string Profiles = """
        { "provider": "vllm", "models": {
            "qwen3-4b": { "aliases": ["qwen3"] },
            "bge-m3": { "kind": "embedding", "dimensions": 1024, "aliases": ["bge"] } } }
        """;

    private static string Calls(string body, string extra = "") => $$"""
        using System;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using ModelRegistry;
        [ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
        public static partial class Models { }
        {{extra}}
        public static class Calls
        {
            public static void Run(IServiceProvider services)
            {
                {{body}}
            }
        }
        """;

    private static async Task<Diagnostic[]> Verify(string body, string extra = "", string profiles = Profiles) =>
        (await VerifyAsync(Calls(body, extra), ("/app/profiles/vllm.json", profiles))).ToArray();

    [Fact]
    public async Task Bad_an_embedding_model_loaded_as_chat_and_a_chat_model_loaded_as_embeddings_are_warnings()
    {
        Diagnostic[] diagnostics = await Verify("""
            Models.LoadChatModel({|MR0029:"vllm:bge-m3"|});
            Models.LoadChatModel({|MR0029:"bge"|}, "vllm");
            Models.Vllm.LoadChatModel({|MR0029:"bge"|});
            Models.LoadEmbeddingModel({|MR0029:"vllm:qwen3-4b"|});
            Models.Registry.LoadEmbeddingModel({|MR0029:"vllm:qwen3"|});
            Models.LoadEmbeddingModel(new EmbeddingModelId("vllm", {|MR0029:"qwen3-4b"|}));
            services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>({|MR0029:"vllm:qwen3-4b"|});
            services.GetKeyedService<IChatClient>({|MR0029:"vllm:bge-m3"|});
            """, """
            public sealed class Consumer([FromKeyedServices({|MR0029:"vllm:bge"|})] IChatClient chat) { }
            """);

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        string message = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).First(m => m.StartsWith("'vllm:bge-m3'", StringComparison.Ordinal));
        Assert.Contains("'vllm:bge-m3' is an embedding model (its profile says \"kind\": \"embedding\"), but it is used as a chat model", message, StringComparison.Ordinal);
        Assert.Contains("LoadEmbeddingModel", message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Fixed_each_model_loaded_and_resolved_as_its_own_kind_reports_nothing() =>
        Verify("""
            Models.LoadEmbeddingModel("vllm:bge-m3");
            Models.LoadEmbeddingModel("bge", "vllm");
            Models.Vllm.LoadEmbeddingModel("bge");
            Models.LoadEmbeddingModel(Models.Vllm.BgeM3);
            Models.LoadChatModel(Models.Vllm.Qwen3_4B);
            Models.LoadChatModel("vllm:qwen3-4b");
            Models.Registry.LoadChatModel("vllm:qwen3");
            services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("vllm:bge-m3");
            services.GetKeyedService<IChatClient>("vllm:qwen3-4b");
            """, """
            public sealed class Consumer([FromKeyedServices("vllm:bge")] IEmbeddingGenerator<string, Embedding<float>> embedder) { }
            """);

    [Fact]
    public Task Embedding_ids_get_the_unknown_provider_unlisted_model_and_malformed_id_rules() =>
        Verify("""
            Models.LoadEmbeddingModel({|MR0015:"vlm:bge-m3"|});
            Models.LoadEmbeddingModel({|MR0016:"vllm:bge-m4"|});
            Models.LoadEmbeddingModel({|MR0017:"vllm:"|});
            Models.LoadEmbeddingModel(new EmbeddingModelId({|MR0015:"nowhere"|}, "m"));
            Models.Vllm.LoadEmbeddingModel({|MR0016:"e5"|});
            services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>({|MR0015:"vlm:bge-m3"|});
            """);

    [Fact]
    public Task A_model_without_a_profile_is_not_judged_by_kind() =>
        // A provider without profiles loads any model either way: there is no kind to compare with.
        VerifyAsync("""
            using ModelRegistry;
            [ModelProvider("plain", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
            public static partial class Models { }
            public static class Calls
            {
                public static void Run() { Models.LoadEmbeddingModel("plain:anything"); Models.LoadChatModel("plain:anything"); }
            }
            """);

    [Fact]
    public Task Invalid_embedding_fields_are_located_errors() =>
        Verify("Models.LoadChatModel(\"vllm:qwen3-4b\");", profiles: """
            { "provider": "vllm", "models": {
                "qwen3-4b": {},
                "e1": { "kind": {|MR0004:"embeding"|}, "dimensions": {|MR0004:0|}, "max_batch_size": {|MR0004:-1|}, "max_batch_tokens": {|MR0004:"many"|} },
                "e2": { "output_modalities": ["embedding", {|MR0005:"vectors"|}] } } }
            """);
}

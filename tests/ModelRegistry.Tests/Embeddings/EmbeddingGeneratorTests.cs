using System.Net;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Embeddings;

/// <summary>
/// <c>LoadEmbeddingModel</c> over a real loopback server: the request it sends (base64 by default, float when asked,
/// dimensions), the answers it reads (the hand-made transcripts of OpenAI's documented shapes), batches split by the
/// profile's limits and joined in order, usage summed and priced, errors typed without the key, and bounded waits.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class EmbeddingGeneratorTests
{
    private const string FloatAnswer = "embeddings/openai-text-embedding-3-small-float-handmade.json";
    private const string Base64Answer = "embeddings/openai-text-embedding-3-small-base64-handmade.json";
    private static readonly string Key = string.Concat("sk-embed-", "secret-key");
    private static readonly float[][] Documented = [[0.0023064255f, -0.009327292f, 0.015797347f, -0.0077780345f], [-0.0135974f, 0.02145519f, -0.0039208224f, 0.0069117495f]];

    private static ChatModelSettings At(LoopbackProviderServer server, TimeSpan? timeout = null, long? maxResponseBytes = null) => new()
    {
        Endpoint = server.Endpoint,
        ApiKey = Key,
        MaxRetries = 0,
        Timeout = timeout,
        MaxResponseBytes = maxResponseBytes,
    };

    [Fact]
    public async Task Vectors_are_asked_for_as_base64_and_decoded_to_the_documented_floats()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Base64Answer));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:text-embedding-3-small", At(server));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["The food was delicious", "and the waiter"], new EmbeddingGenerationOptions { Dimensions = 4 });

        CapturedRequest request = server.SingleRequest;
        Assert.Equal(server.Endpoint.AbsolutePath + "/embeddings", request.Path);
        Assert.Equal("Bearer " + Key, request.Headers["Authorization"]);
        Assert.Equal("text-embedding-3-small", request.Json.GetProperty("model").GetString());
        Assert.Equal("base64", request.Json.GetProperty("encoding_format").GetString());
        Assert.Equal(4, request.Json.GetProperty("dimensions").GetInt32());
        Assert.Equal(["The food was delicious", "and the waiter"], EmbeddingAnswers.Inputs(request));
        Assert.Equal(2, result.Count);
        Assert.Equal(Documented[0], result[0].Vector.ToArray());
        Assert.Equal(Documented[1], result[1].Vector.ToArray());
        Assert.Equal("text-embedding-3-small", result[0].ModelId);
        Assert.Equal(9, result.Usage!.InputTokenCount);
        Assert.Equal(9, result.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_health_check_is_one_get_of_models_with_the_key_not_retried_and_spends_no_tokens()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("models/cerebras-models.json"),
            new ServerReply(401, "application/json", """{"error":{"message":"bad key"}}"""u8.ToArray()),
            Fixtures.Reply("errors/groq-404-model-not-found.json"),
            Fixtures.Reply("errors/llamacpp-503-loading-model.json", 503));
        using IEmbeddingGenerator<string, Embedding<float>> loaded = EmbeddingLabModels.LoadEmbeddingModel(
            "embed-lab:text-embedding-3-small", new ChatModelSettings { Endpoint = server.Endpoint, ApiKey = Key, MaxRetries = 3 });
        var generator = Assert.IsType<OpenAICompatibleEmbeddingGenerator>(loaded.GetService(typeof(OpenAICompatibleEmbeddingGenerator)));

        ChatProviderHealth healthy = await generator.CheckHealthAsync();
        ChatProviderHealth unauthorized = await generator.CheckHealthAsync();
        ChatProviderHealth noModelsEndpoint = await generator.CheckHealthAsync();
        ChatProviderHealth loading = await generator.CheckHealthAsync();

        Assert.Equal((true, HttpStatusCode.OK), (healthy.IsHealthy, healthy.StatusCode));
        Assert.Equal((false, HttpStatusCode.Unauthorized), (unauthorized.IsHealthy, unauthorized.StatusCode));
        Assert.DoesNotContain(Key, unauthorized.Detail, StringComparison.Ordinal);
        Assert.True(noModelsEndpoint.IsHealthy); // the server answered
        Assert.False(loading.IsHealthy);
        Assert.Equal(4, server.Requests.Count); // not retried
        Assert.All(server.Requests, r => Assert.Equal(("GET", server.Endpoint.AbsolutePath + "/models", "Bearer " + Key), (r.Method, r.Path, r.Headers["Authorization"])));
    }

    [Fact]
    public async Task Float_is_sent_when_the_options_ask_for_it_and_the_same_vectors_come_back()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(FloatAnswer));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:small", At(server));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions
        {
            AdditionalProperties = new() { [OpenAICompatibleEmbeddingGenerator.EncodingFormatProperty] = "float", ["user"] = "user-42" },
        });

        CapturedRequest request = server.SingleRequest;
        Assert.Equal("float", request.Json.GetProperty("encoding_format").GetString());
        Assert.Equal("user-42", request.Json.GetProperty("user").GetString());
        Assert.False(request.Json.TryGetProperty("dimensions", out _));
        Assert.Equal(Documented[1], result[1].Vector.ToArray());
    }

    [Fact]
    public async Task A_batch_larger_than_max_batch_size_is_split_and_joined_in_input_order_with_usage_summed_and_priced()
    {
        using var environment = new EnvironmentScope();
        // max_batch_size is 2: five inputs are three requests. The second answer lists its items in reverse order.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            EmbeddingAnswers.For(0, 2, promptTokens: 4), EmbeddingAnswers.For(2, 2, promptTokens: 6, reversed: true), EmbeddingAnswers.For(4, 1, promptTokens: 3));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:text-embedding-3-small", At(server));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["i0", "i1", "i2", "i3", "i4"]);

        Assert.Equal([["i0", "i1"], ["i2", "i3"], ["i4"]], server.Requests.Select(EmbeddingAnswers.Inputs).ToArray());
        Assert.Equal([0f, 1f, 2f, 3f, 4f], result.Select(e => e.Vector.Span[0]).ToArray());
        Assert.Equal(13, result.Usage!.InputTokenCount);
        RoutedCallInfo info = Assert.IsType<RoutedCallInfo>(result.GetRoutedCallInfo());
        Assert.Equal("embed-lab", info.Route);
        Assert.False(info.UsageEstimated);
        Assert.Equal(13 * 0.00000002m, info.Cost);
    }

    [Fact]
    public async Task A_batch_over_max_batch_tokens_is_split_by_the_estimate_and_missing_usage_is_estimated()
    {
        using var environment = new EnvironmentScope();
        // max_batch_tokens is 10 at four characters a token: 24 + 16 characters fit (6 + 4 tokens), the next 8 do not.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            EmbeddingAnswers.For(0, 2, promptTokens: null), EmbeddingAnswers.For(2, 1, promptTokens: null));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:token-bounded", At(server));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([new string('a', 24), new string('b', 16), new string('c', 8)]);

        Assert.Equal([2, 1], server.Requests.Select(r => EmbeddingAnswers.Inputs(r).Length).ToArray());
        Assert.Equal([0f, 1f, 2f], result.Select(e => e.Vector.Span[0]).ToArray());
        Assert.Equal(6 + 4 + 2, result.Usage!.InputTokenCount);
        Assert.True(result.GetRoutedCallInfo()!.UsageEstimated);
    }

    [Fact]
    public async Task The_metadata_names_provider_endpoint_model_and_the_profiles_dimensions()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync();
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.EmbedLab.LoadEmbeddingModel("text-embedding-3-small", At(server));

        EmbeddingGeneratorMetadata metadata = generator.GetRequiredService<EmbeddingGeneratorMetadata>();
        Assert.Equal("embed-lab", metadata.ProviderName);
        Assert.Equal(server.Endpoint, metadata.ProviderUri);
        Assert.Equal("text-embedding-3-small", metadata.DefaultModelId);
        Assert.Equal(1536, metadata.DefaultModelDimensions);
        Assert.Equal(ModelKind.Embedding, generator.GetRequiredService<ModelProfile>().Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_provider_error_is_a_typed_exception_with_provider_status_and_message_and_no_key()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Json(
            """{"error":{"message":"Incorrect API key provided: """ + Key + """.","type":"invalid_request_error","code":"invalid_api_key"}}""", status: 401));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel(EmbeddingLabModels.EmbedLab.TextEmbedding3Small, At(server));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal("embed-lab", error.Provider);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.Contains("Incorrect API key provided", error.ProviderMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ProviderMessage!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_a_vector_for_every_input_is_a_typed_exception()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:text-embedding-3-small", At(server));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => generator.GenerateAsync(["x", "y"]));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("input 1 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_never_answers_fails_within_the_timeout()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(ServerReply.Hanging());
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel(
            "embed-lab:text-embedding-3-small", At(server, timeout: TimeSpan.FromMilliseconds(300)));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => generator.GenerateAsync(["x"]));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        Assert.Null(error.StatusCode);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_larger_than_the_answer_size_limit_fails_without_being_read_whole()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(FloatAnswer));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel(
            "embed-lab:text-embedding-3-small", At(server, maxResponseBytes: 100));

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => generator.GenerateAsync(["a", "b"]));

        Assert.Contains("larger than 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_routed_embedding_model_falls_back_from_a_failing_route_and_names_the_route_that_served()
    {
        await using LoopbackProviderServer failing = await LoopbackProviderServer.StartAsync(
            ServerReply.Json("""{"error":{"message":"overloaded"}}""", status: 503), ServerReply.Json("""{"error":{"message":"overloaded"}}""", status: 503));
        await using LoopbackProviderServer healthy = await LoopbackProviderServer.StartAsync(EmbeddingAnswers.For(0, 1), EmbeddingAnswers.For(0, 1));
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_EMBED_A", failing.Endpoint.ToString()), ("MODELREGISTRY_TEST_EMBED_B", healthy.Endpoint.ToString()));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.LoadEmbeddingModel("embed-lab:routed-embed");

        // Whichever route the weights pick first, both calls are answered by the healthy one.
        for (int call = 0; call < 2; call++)
        {
            GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["x"]);
            Assert.Equal(0f, result[0].Vector.Span[0]);
            Assert.Contains("MODELREGISTRY_TEST_EMBED_B", result.GetRoutedCallInfo()!.Route, StringComparison.Ordinal);
        }

        Assert.Equal(2, healthy.Requests.Count);
        Assert.All(healthy.Requests, r => Assert.Equal("embed-b", r.Json.GetProperty("model").GetString()));
        Assert.All(failing.Requests, r => Assert.Equal("embed-a", r.Json.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task A_routed_embedding_model_does_not_retry_elsewhere_what_the_provider_rejected()
    {
        await using LoopbackProviderServer a = await LoopbackProviderServer.StartAsync(ServerReply.Json("""{"error":{"message":"bad input"}}""", status: 400));
        await using LoopbackProviderServer b = await LoopbackProviderServer.StartAsync(ServerReply.Json("""{"error":{"message":"bad input"}}""", status: 400));
        using var environment = new EnvironmentScope(("MODELREGISTRY_TEST_EMBED_A", a.Endpoint.ToString()), ("MODELREGISTRY_TEST_EMBED_B", b.Endpoint.ToString()));
        using IEmbeddingGenerator<string, Embedding<float>> generator = EmbeddingLabModels.Registry.LoadEmbeddingModel("embed-lab:routed-embed");

        ChatProviderException error = await Assert.ThrowsAsync<ChatProviderException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(1, a.Requests.Count + b.Requests.Count);
    }

    [Fact]
    public void An_embedding_models_typed_id_is_an_EmbeddingModelId_and_its_profile_says_embedding()
    {
        EmbeddingModelId id = EmbeddingLabModels.EmbedLab.TextEmbedding3Small;
        ChatModelId chat = EmbeddingLabModels.EmbedLab.ChatModel;

        Assert.Equal("embed-lab:text-embedding-3-small", id.ToString());
        Assert.Equal("embed-lab:chat-model", chat.ToString());
        Assert.True(EmbeddingLabModels.TryGetProfile("embed-lab", "token-bounded", out ModelProfile? fromModalities));
        Assert.Equal(ModelKind.Embedding, fromModalities.Kind);
        Assert.Equal(10, fromModalities.MaxBatchTokens);
        Assert.True(EmbeddingLabModels.TryGetProfile("embed-lab", "small", out ModelProfile? small));
        Assert.Equal((1536, 2, 8192), (small.Dimensions, small.MaxBatchSize, small.MaxInputTokens));
        Assert.True(EmbeddingLabModels.TryGetProfile("embed-lab", "chat-model", out ModelProfile? chatProfile));
        Assert.Equal(ModelKind.Chat, chatProfile.Kind);
    }

    [Fact]
    public void A_provider_with_its_own_chat_client_type_does_not_load_embeddings()
    {
        using var environment = new EnvironmentScope(("ECHO_API_KEY", "echo-key"));

        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(() => TestModels.Registry.LoadEmbeddingModel(string.Join(':', "echo", "e1")));

        Assert.Equal("echo", error.Provider);
        Assert.Contains("OpenAI-compatible providers only", error.Message, StringComparison.Ordinal);
    }
}

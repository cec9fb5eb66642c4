using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;
using OllamaSharp;

namespace ModelRegistry.Tests.CaseOne;

/// <summary>
/// Issue 18's done-when, in the library: OllamaSharp's <see cref="OllamaApiClient"/> (constructor case) and the official
/// OpenAI SDK through <c>AsIChatClient()</c> (factory case) as registry providers, against real loopback HTTP servers —
/// Ollama's native <c>/api/chat</c> (hand-made NDJSON transcripts from Ollama's API documentation) and chat completions
/// (recorded OpenAI traffic) — streaming and not, with the registry's profile, metadata and usage accounting on top,
/// and both as routes of one routed model.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RealClientProviderTests
{
    private const string OllamaChat = "ollama-native/chat-llama3.2-handmade.json";
    private const string OllamaStream = "ollama-native/chat-llama3.2-stream-handmade.ndjson";
    private const string OpenAIChat = "chat-completions/openai-gpt-4o-mini-cached-tokens.json";
    private const string OpenAIStream = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";

    public static ServerReply Ndjson(string relativePath) => new(200, "application/x-ndjson", Fixtures.Bytes(relativePath));

    /// <summary>Ollama's API lives at the server's root (<c>/api/chat</c>), not under <c>/v1</c>.</summary>
    private static Uri Root(LoopbackProviderServer server) => new(server.Endpoint, "/");

    [Fact]
    public async Task OllamaSharp_answers_through_the_registry_with_its_usage_and_the_registrys_services()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(Ndjson(OllamaChat));

        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2", new ChatModelSettings { Endpoint = Root(ollama) });
        ChatResponse response = await chat.GetResponseAsync("Hello");

        Assert.Equal("Hello! How can I help you today?", response.Text);
        Assert.Equal(26, response.Usage?.InputTokenCount);
        Assert.Equal(10, response.Usage?.OutputTokenCount);
        CapturedRequest request = ollama.SingleRequest;
        Assert.Equal("/api/chat", request.Path);
        JsonElement body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("llama3.2", body.GetProperty("model").GetString());
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.Equal("Hello", body.GetProperty("messages")[0].GetProperty("content").GetString());

        // The registry's layers over the user's client: metadata, provider, usage accounting (route = provider).
        ChatClientMetadata metadata = Assert.IsType<ChatClientMetadata>(chat.GetService(typeof(ChatClientMetadata)));
        Assert.Equal("ollama-native", metadata.ProviderName);
        Assert.Equal(Root(ollama), metadata.ProviderUri);
        Assert.Equal("llama3.2", metadata.DefaultModelId);
        Assert.IsType<OllamaApiClient>(chat.GetService(typeof(OllamaApiClient)));
        Assert.Equal("ollama-native", response.GetRoutedCallInfo()?.Route);
        Assert.False(response.GetRoutedCallInfo()?.UsageEstimated);
    }

    [Fact]
    public async Task OllamaSharp_streams_Ollamas_NDJSON_through_the_registry()
    {
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(Ndjson(OllamaStream));
        // The endpoint from {P}_API_BASE this time, over the declaration's BaseUrl.
        using var environment = new EnvironmentScope(("OLLAMA_NATIVE_API_BASE", Root(ollama).ToString()));

        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2");
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Why is the sky blue?"))
        {
            updates.Add(update);
            text.Append(update.Text);
        }

        Assert.Equal("The sky is blue.", text.ToString());
        UsageDetails usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(26, usage.InputTokenCount);
        Assert.Equal(5, usage.OutputTokenCount);
        Assert.True(JsonDocument.Parse(ollama.SingleRequest.Body).RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task The_profile_and_the_compatibility_rules_apply_to_OllamaSharp_with_the_same_warnings()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(Ndjson(OllamaChat));
        // MR0027 says at build time what this test proves at run time (the clamp and the changed tool_choice): silenced here.
#pragma warning disable MR0027
        var options = new ChatOptions
        {
            MaxOutputTokens = 500,
            Tools = [AIFunctionFactory.Create((string city) => "sunny", "get_weather")],
            ToolMode = ChatToolMode.RequireAny,
        };
#pragma warning restore MR0027

        using IChatClient chat = CaseOneModels.LoadChatModel("ollama-native:llama3.2", new ChatModelSettings { Endpoint = Root(ollama) });
        ChatResponse response = await chat.GetResponseAsync("Weather?", options);

        // profiles/ollama-native.json: max_output_tokens 100; the provider accepts tool_choice auto only (the default).
        Assert.Equal(100, JsonDocument.Parse(ollama.SingleRequest.Body).RootElement.GetProperty("options").GetProperty("num_predict").GetInt32());
        Assert.Equal(
            [ChatWarning.MaxTokensClamped, ChatWarning.ToolChoiceChanged],
            response.GetWarnings().Select(w => w.Code).Order(StringComparer.Ordinal));
        Assert.Equal(500, options.MaxOutputTokens);
        Assert.Equal(100, Assert.IsType<ModelProfile>(chat.GetService(typeof(ModelProfile))).MaxOutputTokens);
    }

    [Fact]
    public async Task The_OpenAI_SDK_answers_through_its_factory_with_the_profile_and_pricing_of_the_registry()
    {
        using var environment = new EnvironmentScope(("OPENAI_SDK_API_KEY", "sk-test-factory"));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(Fixtures.Reply(OpenAIChat));

        using IChatClient chat = CaseOneModels.LoadChatModel("openai-sdk:gpt-4o-mini", new ChatModelSettings { Endpoint = openai.Endpoint });
        ChatResponse response = await chat.GetResponseAsync("Say ok");

        Assert.Equal("ok", response.Text);
        Assert.Equal(10122, response.Usage?.InputTokenCount);
        Assert.Equal(1, response.Usage?.OutputTokenCount);
        CapturedRequest request = openai.SingleRequest;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-factory", request.Headers["Authorization"]);
        Assert.Equal("gpt-4o-mini", JsonDocument.Parse(request.Body).RootElement.GetProperty("model").GetString());

        ModelProfile profile = Assert.IsType<ModelProfile>(chat.GetService(typeof(ModelProfile)));
        Assert.Equal(16384, profile.MaxOutputTokens);
        Assert.Equal(typeof(OpenAISdkClients), Assert.IsType<ProviderInfo>(chat.GetService(typeof(ProviderInfo))).ChatClientFactoryType);
        // Priced from the profile: 10122 × 0.00000015 + 1 × 0.0000006.
        Assert.Equal(0.0015189m, response.GetRoutedCallInfo()?.Cost);
    }

    [Fact]
    public async Task The_OpenAI_SDK_streams_recorded_chat_completions_through_its_factory()
    {
        using var environment = new EnvironmentScope(("OPENAI_SDK_API_KEY", "sk-test-factory"));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(Fixtures.Reply(OpenAIStream));

        using IChatClient chat = CaseOneModels.LoadChatModel("openai-sdk:gpt-4o-mini", new ChatModelSettings { Endpoint = openai.Endpoint });
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("What is the capital of France?"))
        {
            updates.Add(update);
            text.Append(update.Text);
        }

        Assert.StartsWith("The capital of", text.ToString(), StringComparison.Ordinal);
        Assert.Contains(updates.SelectMany(u => u.Contents).OfType<UsageContent>(), u => u.Details.InputTokenCount > 0);
        Assert.True(JsonDocument.Parse(openai.SingleRequest.Body).RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void The_factory_sees_a_missing_key_and_its_error_names_the_variable_without_any_key()
    {
        using var environment = new EnvironmentScope();

        ModelConfigurationException error = Assert.Throws<ModelConfigurationException>(
            () => CaseOneModels.LoadChatModel("openai-sdk:gpt-4o-mini", new ChatModelSettings { Endpoint = new Uri("http://127.0.0.1:9/v1") }));

        Assert.Equal("OPENAI_SDK_API_KEY", error.VariableName);
    }

    [Fact]
    public async Task A_routed_model_routes_over_both_case_one_providers_and_falls_back_from_one_to_the_other()
    {
        await using LoopbackProviderServer ollama = await LoopbackProviderServer.StartAsync(Ndjson(OllamaChat));
        await using LoopbackProviderServer openai = await LoopbackProviderServer.StartAsync(Fixtures.Reply(OpenAIChat));
        using var environment = new EnvironmentScope(
            ("OLLAMA_NATIVE_API_BASE", Root(ollama).ToString()),
            ("OPENAI_SDK_API_BASE", openai.Endpoint.ToString()),
            ("OPENAI_SDK_API_KEY", "sk-test-route"));

        using IChatClient chat = CaseOneModels.LoadChatModel("case-one-hub:hybrid");
        RoutedChatClient routed = Assert.IsType<RoutedChatClient>(chat);
        Assert.Equal(["ollama-native", "openai-sdk"], routed.Routes.Select(r => r.Name));

        // The weighted route (Ollama) answers first; with nothing more queued there it fails (HTTP 599), and the
        // fallback-only route (the OpenAI SDK) answers the next call.
        ChatResponse first = await chat.GetResponseAsync("Hello");
        ChatResponse second = await chat.GetResponseAsync("Say ok");

        Assert.Equal("Hello! How can I help you today?", first.Text);
        Assert.Equal("ollama-native", first.GetRoutedCallInfo()?.Route);
        Assert.Equal("ok", second.Text);
        Assert.Equal("openai-sdk", second.GetRoutedCallInfo()?.Route);
        Assert.Equal("gpt-4o-mini", JsonDocument.Parse(openai.SingleRequest.Body).RootElement.GetProperty("model").GetString());
        Assert.Equal(2, ollama.Requests.Count);
    }
}

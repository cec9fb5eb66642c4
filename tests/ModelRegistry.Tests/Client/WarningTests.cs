using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// What the compatibility rules change about a call comes back with that call, as data, with no logger configured —
/// on every call where it happens — and is still logged once per client when a logger is configured.
/// </summary>
public sealed class WarningTests
{
    private const string TextAnswer = "chat-completions/deepseek-chat-text-length.json";
    private const string TextStream = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";

    private static readonly ModelProfile LimitedProfile = new()
    {
        Provider = "test",
        Model = "test-model",
        MaxOutputTokens = 1000,
        SupportedParams = ["temperature", "max_tokens", "tools", "tool_choice", "response_format"],
    };

    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration(
        "weather", "The weather.", JsonDocument.Parse("""{"type":"object","properties":{"location":{"type":"string"}}}""").RootElement);

    [Fact]
    public async Task Every_change_the_rules_make_is_a_warning_on_the_response_without_a_logger()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions
        {
            MaxOutputTokens = 5000,
            TopK = 5,
            Tools = [Weather],
            ToolMode = ChatToolMode.RequireSpecific("weather"),
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new() { ["opaque"] = typeof(WarningTests).Assembly },
        });

        IReadOnlyList<ChatWarning> warnings = response.GetWarnings();
        Assert.Equal(
            [
                (ChatWarning.ResponseFormatDropped, "response_format"),
                (ChatWarning.ToolChoiceChanged, "tool_choice"),
                (ChatWarning.MaxTokensClamped, "max_tokens"),
                (ChatWarning.ParameterDropped, "top_k"),
                (ChatWarning.OptionSkipped, "opaque"),
            ],
            warnings.Select(warning => (warning.Code, warning.Setting)));
        Assert.Contains("at most 1000 output tokens; 5000 requested", warnings[2].Message, StringComparison.Ordinal);
        Assert.Contains("'specific'", warnings[1].Message, StringComparison.Ordinal);
        Assert.All(warnings, warning => Assert.StartsWith("test:test-model", warning.Message, StringComparison.Ordinal));
        Assert.Equal(1000, server.SingleRequest.Json.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task A_call_that_needs_no_change_has_no_warnings()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextStream));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 10 });
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hi"));

        Assert.Empty(response.GetWarnings());
        Assert.Null(response.AdditionalProperties);
        Assert.All(updates, update => Assert.Empty(update.GetWarnings()));
    }

    [Fact]
    public async Task Every_call_carries_its_warnings_while_the_log_says_it_once()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile with { MaxOutputTokens = 100 }, settings: new ChatModelSettings { LoggerFactory = logs, MaxTokens = 500 });

        // Twice with options, twice without (the client resolves option-less calls once; their warnings still come with each).
        ChatResponse[] responses =
        [
            await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { TopK = 3 }),
            await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { TopK = 3 }),
            await client.GetResponseAsync(TestClients.Ask("hi")),
            await client.GetResponseAsync(TestClients.Ask("hi")),
        ];

        Assert.Equal(
            [ChatWarning.MaxTokensClamped, ChatWarning.ParameterDropped, ChatWarning.MaxTokensClamped, ChatWarning.ParameterDropped, ChatWarning.MaxTokensClamped, ChatWarning.MaxTokensClamped],
            responses.SelectMany(response => response.GetWarnings()).Select(warning => warning.Code));
        Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("'top_k'", StringComparison.Ordinal));
        Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("output tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_carries_its_warnings_on_the_first_update()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextStream));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hi"), new ChatOptions { Seed = 7 });

        ChatWarning warning = Assert.Single(updates[0].GetWarnings());
        Assert.Equal((ChatWarning.ParameterDropped, "seed"), (warning.Code, warning.Setting));
        Assert.All(updates.Skip(1), update => Assert.Empty(update.GetWarnings()));
        Assert.Equal([warning], updates.ToChatResponse().GetWarnings());
        Assert.False(server.SingleRequest.Json.TryGetProperty("seed", out _));
    }

    [Fact]
    public async Task A_stream_answered_with_one_json_body_carries_its_warnings_on_the_first_update()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile);

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hi"), new ChatOptions { Seed = 7 });

        Assert.Equal(ChatWarning.ParameterDropped, Assert.Single(updates[0].GetWarnings()).Code);
    }

    [Fact]
    public async Task Responses_api_calls_carry_their_warnings_too()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("responses-api/deepseek-v4-flash-reasoning.json"), Fixtures.Reply("responses-api/openai-gpt-4o-text-stream.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile, settings: new ChatModelSettings { UseResponsesApi = true });
        var options = new ChatOptions { MaxOutputTokens = 4000 };

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("17*23?"), options);
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hi"), options);

        Assert.Equal(ChatWarning.MaxTokensClamped, Assert.Single(response.GetWarnings()).Code);
        Assert.Equal(ChatWarning.MaxTokensClamped, Assert.Single(updates[0].GetWarnings()).Code);
    }

    [Fact]
    public async Task The_warnings_survive_a_json_round_trip_of_the_response()
    {
        // A distributed cache stores responses as JSON: the warnings are a JSON value, so they come back readable.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, profile: LimitedProfile);
        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { TopK = 2 });

        string json = JsonSerializer.Serialize(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        var restored = (ChatResponse)JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)))!;

        Assert.Equal(response.GetWarnings(), restored.GetWarnings());
    }

    [Fact]
    public async Task A_routed_model_passes_the_answering_routes_warnings_through()
    {
        await using LoopbackProviderServer failing = await LoopbackProviderServer.StartAsync(Fixtures.Reply("errors/llamacpp-503-loading-model.json", status: 503));
        await using LoopbackProviderServer serving = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextStream));
        using var client = new RoutedChatClient(new RoutedChatClientOptions
        {
            Routes =
            [
                new ChatRoute { Name = "a", Client = TestClients.Create(failing, provider: "a"), Weight = 1 },
                new ChatRoute { Name = "b", Client = TestClients.Create(serving, provider: "b", profile: LimitedProfile), Weight = 0 },
            ],
            Offload = false,
        });
        var options = new ChatOptions { TopK = 4 };

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("hi"), options);
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("hi"), options);

        Assert.Equal("b", response.GetRoutedCallInfo()!.Route);
        ChatWarning warning = Assert.Single(response.GetWarnings());
        Assert.Equal((ChatWarning.ParameterDropped, "top_k"), (warning.Code, warning.Setting));
        Assert.StartsWith("b:test-model", warning.Message, StringComparison.Ordinal);
        Assert.Equal([warning], updates[0].GetWarnings());
    }
}

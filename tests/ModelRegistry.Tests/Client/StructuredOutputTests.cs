using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

public sealed record CityAnswer(string City, string Country);

public sealed record WeatherQuery(string Location);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityAnswer))]
[JsonSerializable(typeof(WeatherQuery))]
public sealed partial class StructuredOutputTestContext : JsonSerializerContext;

/// <summary>Structured output: <c>json_schema</c> where supported, else a forced function; <c>json_object</c> only when asked.</summary>
public sealed class StructuredOutputTests
{
    private static readonly JsonElement CitySchema = StructuredOutputExtensions.CreateSchema(StructuredOutputTestContext.Default.CityAnswer);

    [Fact]
    public async Task TheTypedHelperUsesJsonSchemaWhereSupported()
    {
        // Recorded from Ollama answering a json_schema response_format.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/ollama-qwen3-0.6b-reasoning.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonSchema });

        CityAnswer answer = await client.GetStructuredResponseAsync(TestClients.Ask("Capital of France?"), StructuredOutputTestContext.Default.CityAnswer);

        Assert.Equal(new CityAnswer("Paris", "France"), answer);
        JsonElement format = server.SingleRequest.Json.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("CityAnswer", format.GetProperty("json_schema").GetProperty("name").GetString());
        JsonElement properties = format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties");
        Assert.True(properties.TryGetProperty("city", out _));
        Assert.True(properties.TryGetProperty("country", out _));
        Assert.False(server.SingleRequest.Json.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task WithoutJsonSchemaTheSchemaTravelsAsAForcedFunctionWhoseArgumentsAreTheAnswer()
    {
        // Recorded: DashScope answering with a call to "weather"; the schema is named "weather" so that call is the answer.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/alibaba-qwen3-max-tool-call.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Auto | ToolChoiceSupport.Specific });
        JsonElement schema = StructuredOutputExtensions.CreateSchema(StructuredOutputTestContext.Default.WeatherQuery);

        ChatResponse response = await client.GetResponseAsync(TestClients.Ask("weather in SF"), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "weather", "The weather query.") });

        Assert.Equal("""{"location": "San Francisco"}""", response.Text);
        Assert.Empty(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        JsonElement sent = server.SingleRequest.Json;
        Assert.False(sent.TryGetProperty("response_format", out _));
        JsonElement tool = Assert.Single(sent.GetProperty("tools").EnumerateArray());
        Assert.Equal("weather", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("The weather query.", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("""{"type":"function","function":{"name":"weather"}}""", sent.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public async Task TheForcedFunctionsArgumentsStreamAsText()
    {
        // Recorded: pydantic-ai's own structured-output function "final_result", streamed in fragments.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/openai-gpt-4o-tool-call-argument-fragments.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Required });

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("q"), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(CitySchema, "final_result") });

        ChatResponse response = updates.ToChatResponse();
        using JsonDocument answer = JsonDocument.Parse(response.Text);
        Assert.Equal("Capital", answer.RootElement.GetProperty("answers")[0].GetProperty("label").GetString());
        Assert.Equal("\"required\"", server.SingleRequest.Json.GetProperty("tool_choice").GetRawText());
    }

    [Theory]
    [InlineData(ToolChoiceSupport.Auto | ToolChoiceSupport.Required | ToolChoiceSupport.Specific, """{"type":"function","function":{"name":"CityAnswer"}}""")]
    [InlineData(ToolChoiceSupport.Auto | ToolChoiceSupport.Required, "\"required\"")]
    [InlineData(ToolChoiceSupport.Auto, "\"auto\"")]
    [InlineData(ToolChoiceSupport.None, null)]
    public async Task TheForcingFallsBackFromNamedToRequiredToAuto(ToolChoiceSupport supported, string? expected)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedToolChoice = supported });

        await client.GetResponseAsync(TestClients.Ask("q"), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(CitySchema, "CityAnswer") });

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal("CityAnswer", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        if (expected is null)
        {
            Assert.False(sent.TryGetProperty("tool_choice", out _));
        }
        else
        {
            Assert.Equal(expected, sent.GetProperty("tool_choice").GetRawText());
        }
    }

    [Fact]
    public async Task JsonModeIsSentOnlyWhenAskedAndSupported()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"),
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"),
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        var logs = new CollectingLoggerFactory();
        using OpenAICompatibleChatClient supported = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonMode });
        using OpenAICompatibleChatClient unsupported = TestClients.Create(server, settings: new ChatModelSettings { LoggerFactory = logs });

        await supported.GetResponseAsync(TestClients.Ask("q"), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        await supported.GetResponseAsync(TestClients.Ask("q"));
        await unsupported.GetResponseAsync(TestClients.Ask("q"), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.Equal("""{"type":"json_object"}""", server.Requests[0].Json.GetProperty("response_format").GetRawText());
        Assert.False(server.Requests[1].Json.TryGetProperty("response_format", out _));
        Assert.False(server.Requests[2].Json.TryGetProperty("response_format", out _));
        Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("json_object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnswerThatIsNotTheAskedShapeThrows()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonSchema });

        await Assert.ThrowsAsync<ModelRegistryException>(() => client.GetStructuredResponseAsync(TestClients.Ask("q"), StructuredOutputTestContext.Default.CityAnswer));
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

public sealed record CityAnswer(string City, string Country);

public sealed record WeatherQuery(string Location);

[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    Guilty,
    NotGuilty,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityAnswer))]
[JsonSerializable(typeof(WeatherQuery))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Verdict))]
public sealed partial class StructuredOutputTestContext : JsonSerializerContext;

/// <summary>Structured output: <c>json_schema</c> where supported, else a forced function; <c>json_object</c> only when asked.</summary>
public sealed class StructuredOutputTests
{
    private static readonly JsonElement CitySchema = StructuredOutputExtensions.CreateSchema(StructuredOutputTestContext.Default.CityAnswer);

    [Fact]
    public async Task The_typed_helper_uses_json_schema_where_supported()
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
    public async Task Without_json_schema_the_schema_travels_as_a_forced_function_whose_arguments_are_the_answer()
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
    public async Task The_forced_functions_arguments_stream_as_text()
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
    public async Task The_forcing_falls_back_from_named_to_required_to_auto(ToolChoiceSupport supported, string? expected)
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
    public async Task Json_mode_is_sent_only_when_asked_and_supported()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"),
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"),
            Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        var logs = new TestLog();
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
    public async Task An_answer_that_is_not_the_asked_shape_throws()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonSchema });

        await Assert.ThrowsAsync<ModelRegistryException>(() => client.GetStructuredResponseAsync(TestClients.Ask("q"), StructuredOutputTestContext.Default.CityAnswer));
    }

    [Fact]
    public async Task A_list_travels_over_json_schema_wrapped_in_an_object_with_a_valid_name()
    {
        // The recorded Ollama json_schema answer, its content the wrapped list a provider answers such a schema with.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            RecordedWith("chat-completions/ollama-qwen3-0.6b-reasoning.json", root => root["choices"]![0]!["message"]!["content"] = """{"data": ["Paris", "Lyon", "Marseille"]}"""));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonSchema });

        List<string> cities = await client.GetStructuredResponseAsync(TestClients.Ask("Three French cities?"), StructuredOutputTestContext.Default.ListString);

        Assert.Equal(["Paris", "Lyon", "Marseille"], cities);
        JsonElement jsonSchema = server.SingleRequest.Json.GetProperty("response_format").GetProperty("json_schema");
        Assert.Equal("List_String", jsonSchema.GetProperty("name").GetString());
        AssertWrapped(jsonSchema.GetProperty("schema"), "array");
        Assert.Equal("string", jsonSchema.GetProperty("schema").GetProperty("properties").GetProperty("data").GetProperty("items").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_list_travels_as_a_forced_function_wrapped_in_an_object_without_json_schema()
    {
        // The recorded DashScope tool call, answering the structured-output function with the wrapped list.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            RecordedWith("chat-completions/alibaba-qwen3-max-tool-call.json", root =>
            {
                JsonNode function = root["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!;
                function["name"] = "List_String";
                function["arguments"] = """{"data": ["San Francisco", "Oakland"]}""";
            }));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Auto | ToolChoiceSupport.Specific });

        List<string> cities = await client.GetStructuredResponseAsync(TestClients.Ask("Bay Area cities?"), StructuredOutputTestContext.Default.ListString);

        Assert.Equal(["San Francisco", "Oakland"], cities);
        JsonElement sent = server.SingleRequest.Json;
        Assert.False(sent.TryGetProperty("response_format", out _));
        JsonElement function = Assert.Single(sent.GetProperty("tools").EnumerateArray()).GetProperty("function");
        Assert.Equal("List_String", function.GetProperty("name").GetString());
        AssertWrapped(function.GetProperty("parameters"), "array");
        Assert.Equal("""{"type":"function","function":{"name":"List_String"}}""", sent.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public async Task A_primitive_travels_wrapped_over_the_responses_api_and_a_bare_answer_is_still_read()
    {
        // Recorded: DeepSeek's Responses API answering 17*23 with "391"; first as the wrapped answer, then as recorded.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            RecordedWith("responses-api/deepseek-v4-flash-reasoning.json", root => root["output"]![1]!["content"]![0]!["text"] = """{"data":391}"""),
            Fixtures.Reply("responses-api/deepseek-v4-flash-reasoning.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server, compatibility: new CompatibilityOptions { SupportedResponseFormat = ResponseFormatSupport.JsonSchema }, settings: new ChatModelSettings { UseResponsesApi = true });

        int wrapped = await client.GetStructuredResponseAsync(TestClients.Ask("17*23?"), StructuredOutputTestContext.Default.Int32);
        int bare = await client.GetStructuredResponseAsync(TestClients.Ask("17*23?"), StructuredOutputTestContext.Default.Int32);

        Assert.Equal(391, wrapped);
        Assert.Equal(391, bare);
        JsonElement format = server.Requests[0].Json.GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("Int32", format.GetProperty("name").GetString());
        AssertWrapped(format.GetProperty("schema"), "integer");
    }

    [Fact]
    public async Task An_enum_travels_wrapped_as_a_forced_function_over_the_responses_api()
    {
        // The recorded xAI Responses function call, answering the structured-output function with the wrapped enum.
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            RecordedWith("responses-api/xai-grok-4-fast-function-call.json", root =>
            {
                root["output"]![0]!["name"] = "Verdict";
                root["output"]![0]!["arguments"] = """{"data":"NotGuilty"}""";
            }));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server, compatibility: new CompatibilityOptions { SupportedToolChoice = ToolChoiceSupport.Auto | ToolChoiceSupport.Specific }, settings: new ChatModelSettings { UseResponsesApi = true });

        Verdict verdict = await client.GetStructuredResponseAsync(TestClients.Ask("Verdict?"), StructuredOutputTestContext.Default.Verdict);

        Assert.Equal(Verdict.NotGuilty, verdict);
        JsonElement sent = server.SingleRequest.Json;
        JsonElement tool = Assert.Single(sent.GetProperty("tools").EnumerateArray());
        Assert.Equal("Verdict", tool.GetProperty("name").GetString());
        JsonElement parameters = tool.GetProperty("parameters");
        AssertWrapped(parameters, expectedDataType: null);
        Assert.Equal("""["Guilty","NotGuilty"]""", parameters.GetProperty("properties").GetProperty("data").GetProperty("enum").GetRawText());
        Assert.Equal("""{"type":"function","name":"Verdict"}""", sent.GetProperty("tool_choice").GetRawText());
    }

    [Theory]
    [InlineData(ResponseFormatSupport.JsonSchema)]
    [InlineData(ResponseFormatSupport.NotSupported)]
    public async Task A_schema_name_the_caller_gives_is_sent_in_the_characters_providers_accept(ResponseFormatSupport supported)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/deepseek-chat-text-length.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { SupportedResponseFormat = supported });
        string name = "List`1 of <city answers>" + new string('x', 80);

        await client.GetResponseAsync(TestClients.Ask("q"), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(CitySchema, name) });

        JsonElement sent = server.SingleRequest.Json;
        string? sentName = supported == ResponseFormatSupport.JsonSchema
            ? sent.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString()
            : sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString();
        Assert.Equal(("List_1_of__city_answers_" + new string('x', 80))[..64], sentName);
        Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", sentName);
    }

    [Fact]
    public void Wrapping_moves_the_dialect_to_the_root_and_rebases_local_references()
    {
        using JsonDocument schema = JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":["array","null"],"items":{"type":"object","properties":{"children":{"$ref":"#/items"}}}}""");

        JsonElement wrapped = StructuredOutputSchema.Wrap(schema.RootElement);

        Assert.Equal(
            """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"data":{"type":["array","null"],"items":{"type":"object","properties":{"children":{"$ref":"#/properties/data/items"}}}}},"required":["data"],"additionalProperties":false}""",
            wrapped.GetRawText());
        Assert.False(StructuredOutputSchema.NeedsWrapping(wrapped));
        Assert.True(StructuredOutputSchema.NeedsWrapping(schema.RootElement));
    }

    private static void AssertWrapped(JsonElement schema, string? expectedDataType)
    {
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("""["data"]""", schema.GetProperty("required").GetRawText());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        JsonElement data = schema.GetProperty("properties").GetProperty("data");
        if (expectedDataType is null)
        {
            Assert.False(data.TryGetProperty("type", out _));
        }
        else
        {
            Assert.Equal(expectedDataType, data.GetProperty("type").GetString());
        }
    }

    /// <summary>A recorded answer with one field changed, so the answer fits the question asked.</summary>
    private static ServerReply RecordedWith(string path, Action<JsonNode> edit)
    {
        JsonNode root = JsonNode.Parse(Fixtures.Bytes(path))!;
        edit(root);
        return ServerReply.Json(root.ToJsonString());
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>What the client puts on the wire for <see cref="ChatOptions"/>, settings and profiles.</summary>
public sealed class RequestOptionsTests
{
    private const string TextAnswer = "chat-completions/openai-gpt-4o-mini-cached-tokens.json";

    [Fact]
    public async Task ChatOptions_go_out_under_their_wire_names()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server);
        var options = new ChatOptions
        {
            ModelId = "override-model",
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 256,
            StopSequences = ["END", "STOP"],
            Seed = 42,
            FrequencyPenalty = 0.5f,
            PresencePenalty = -0.25f,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            Instructions = "Be brief.",
        };

        await client.GetResponseAsync([new(ChatRole.System, "sys"), new(ChatRole.User, "hi")], options);

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal("override-model", sent.GetProperty("model").GetString());
        Assert.Equal("0.7", sent.GetProperty("temperature").GetRawText());
        Assert.Equal("0.9", sent.GetProperty("top_p").GetRawText());
        Assert.Equal(40, sent.GetProperty("top_k").GetInt32());
        Assert.Equal(256, sent.GetProperty("max_tokens").GetInt32());
        Assert.False(sent.TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(["END", "STOP"], sent.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(42, sent.GetProperty("seed").GetInt64());
        Assert.Equal("0.5", sent.GetProperty("frequency_penalty").GetRawText());
        Assert.Equal("-0.25", sent.GetProperty("presence_penalty").GetRawText());
        Assert.Equal("high", sent.GetProperty("reasoning_effort").GetString());
        JsonElement messages = sent.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        Assert.Equal("sys", messages[1].GetProperty("content").GetString());
        Assert.Equal("user", messages[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task MaxTokens_use_the_providers_field_and_load_time_defaults()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server,
            compatibility: new CompatibilityOptions { MaxTokensField = MaxTokensField.MaxCompletionTokens },
            settings: new ChatModelSettings { MaxTokens = 99, Temperature = 0.2f });

        await client.GetResponseAsync(TestClients.Ask("hi"));

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal(99, sent.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(sent.TryGetProperty("max_tokens", out _));
        Assert.Equal("0.2", sent.GetProperty("temperature").GetRawText());
    }

    [Fact]
    public async Task MaxTokens_beyond_the_profile_are_clamped_and_logged_once()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(
            server,
            profile: new ModelProfile { Provider = "test", Model = "test-model", MaxOutputTokens = 1000 },
            settings: new ChatModelSettings { LoggerFactory = logs });

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { MaxOutputTokens = 5000 });
        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { MaxOutputTokens = 5000 });

        Assert.All(server.Requests, request => Assert.Equal(1000, request.Json.GetProperty("max_tokens").GetInt32()));
        Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("max_output_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parameters_outside_supported_params_are_dropped_with_one_warning()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer), Fixtures.Reply(TextAnswer));
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(
            server,
            profile: new ModelProfile { Provider = "test", Model = "test-model", SupportedParams = ["temperature", "max_tokens"] },
            settings: new ChatModelSettings { LoggerFactory = logs });
        var options = new ChatOptions { Temperature = 0.1f, TopK = 5, Seed = 1, MaxOutputTokens = 10 };

        await client.GetResponseAsync(TestClients.Ask("hi"), options);
        await client.GetResponseAsync(TestClients.Ask("hi"), options);

        JsonElement sent = server.Requests[0].Json;
        Assert.True(sent.TryGetProperty("temperature", out _));
        Assert.True(sent.TryGetProperty("max_tokens", out _));
        Assert.False(sent.TryGetProperty("top_k", out _));
        Assert.False(sent.TryGetProperty("seed", out _));
        Assert.Single(logs.Entries, entry => entry.Message.Contains("'top_k'", StringComparison.Ordinal));
        Assert.Single(logs.Entries, entry => entry.Message.Contains("'seed'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropping_unsupported_parameters_can_be_turned_off()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server,
            profile: new ModelProfile { Provider = "test", Model = "test-model", SupportedParams = ["temperature"] },
            settings: new ChatModelSettings { DropUnsupportedParameters = false });

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { TopK = 5 });

        Assert.Equal(5, server.SingleRequest.Json.GetProperty("top_k").GetInt32());
    }

    [Fact]
    public async Task ExtraBody_fields_merge_load_time_and_per_call_values_of_every_kind()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(
            server,
            settings: new ChatModelSettings
            {
                ExtraBody = new Dictionary<string, object?>
                {
                    ["chat_template_kwargs"] = JsonDocument.Parse("""{"enable_thinking":false}""").RootElement,
                    ["provider"] = JsonNode.Parse("""{"order":["Together"],"allow_fallbacks":false}"""),
                    ["overridden"] = "load-time",
                },
            });
        var options = new ChatOptions
        {
            Temperature = 0.3f,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["overridden"] = "per-call",
                ["top_a"] = 0.5,
                ["include_reasoning"] = true,
                ["min_tokens"] = 3,
                ["temperature"] = 1.5,
                ["models"] = new[] { "openai/gpt-4o", "anthropic/claude-sonnet-4.5" },
                ["mixed"] = new object?[] { 1, "two", null },
            },
        };

        await client.GetResponseAsync(TestClients.Ask("hi"), options);

        JsonElement sent = server.SingleRequest.Json;
        Assert.False(sent.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
        Assert.Equal("Together", sent.GetProperty("provider").GetProperty("order")[0].GetString());
        Assert.Equal("per-call", sent.GetProperty("overridden").GetString());
        Assert.Equal(0.5, sent.GetProperty("top_a").GetDouble());
        Assert.True(sent.GetProperty("include_reasoning").GetBoolean());
        Assert.Equal(3, sent.GetProperty("min_tokens").GetInt32());
        Assert.Equal("""["openai/gpt-4o","anthropic/claude-sonnet-4.5"]""", sent.GetProperty("models").GetRawText());
        Assert.Equal("""[1,"two",null]""", sent.GetProperty("mixed").GetRawText());
        // An explicit body field wins over the typed option, and the body never carries a field twice.
        Assert.Equal(1.5, sent.GetProperty("temperature").GetDouble());
        Assert.Single(sent.EnumerateObject(), property => property.Name == "temperature");
    }

    [Fact]
    public async Task An_extra_value_with_no_reflection_free_json_form_is_skipped_with_a_warning()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        var logs = new TestLog();
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: new ChatModelSettings { LoggerFactory = logs });

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { AdditionalProperties = new() { ["opaque"] = new Uri("https://example.org").GetType().Assembly, ["kept"] = 1 } });

        JsonElement sent = server.SingleRequest.Json;
        Assert.False(sent.TryGetProperty("opaque", out _));
        Assert.Equal(1, sent.GetProperty("kept").GetInt32());
        Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("'opaque'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Images_and_audio_become_content_parts()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-completions/nebius-qwen2.5-vl-vllm-style-empty-tool-calls.json"));
        using OpenAICompatibleChatClient client = TestClients.Create(server);
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        byte[] wav = [1, 2, 3];
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is in these?"),
            new DataContent(png, "image/png"),
            new UriContent(new Uri("https://example.org/potato.jpg"), "image/jpeg"),
            new DataContent(wav, "audio/wav"),
        ]);

        ChatResponse response = await client.GetResponseAsync([message]);

        JsonElement parts = server.SingleRequest.Json.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(4, parts.GetArrayLength());
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://example.org/potato.jpg", parts[2].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("input_audio", parts[3].GetProperty("type").GetString());
        Assert.Equal(Convert.ToBase64String(wav), parts[3].GetProperty("input_audio").GetProperty("data").GetString());
        Assert.Equal("wav", parts[3].GetProperty("input_audio").GetProperty("format").GetString());
        Assert.StartsWith("Hello! How can I assist you with the image of the potato?", response.Text, StringComparison.Ordinal);
        // vLLM-style "tool_calls": [] is no tool call.
        Assert.Empty(response.Messages.Single().Contents.OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Include_usage_off_sends_no_stream_options()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply("chat-streaming/vllm-crusoe-llama-3.3-text-usage.sse"));
        using OpenAICompatibleChatClient client = TestClients.Create(server, compatibility: new CompatibilityOptions { IncludeUsage = false });

        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(client, TestClients.Ask("count"));

        Assert.False(server.SingleRequest.Json.TryGetProperty("stream_options", out _));
        Assert.Equal("1, 2, 3, 4, 5", updates.ToChatResponse().Text);
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// Numbers go out as the numbers they are, however large (the shortest form that reads back as the same float), in
/// both wire formats; a value that has no JSON form, or a token limit below 1, is refused before anything is sent with
/// an <see cref="ArgumentException"/> naming the option.
/// </summary>
public sealed class RequestNumberTests
{
    private const string TextAnswer = "chat-completions/openai-gpt-4o-mini-cached-tokens.json";
    private const string ResponsesAnswer = "responses-api/deepseek-v4-flash-reasoning.json";

    public static TheoryData<bool> WireFormats => new() { false, true };

    [Theory]
    [MemberData(nameof(WireFormats))]
    public async Task Huge_sampling_values_are_written_as_the_floats_they_are(bool responsesApi)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Answer(responsesApi));
        using OpenAICompatibleChatClient client = Create(server, responsesApi);
        var options = new ChatOptions { Temperature = 1e30f, TopP = 3.4028235e38f, FrequencyPenalty = 1e29f, PresencePenalty = -1e29f };

        await client.GetResponseAsync(TestClients.Ask("hi"), options);

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal(1e30f, Float(sent, "temperature"));
        Assert.Equal(float.MaxValue, Float(sent, "top_p"));
        Assert.Equal("1E+30", sent.GetProperty("temperature").GetRawText());
        if (!responsesApi)
        {
            Assert.Equal(1e29f, Float(sent, "frequency_penalty"));
            Assert.Equal(-1e29f, Float(sent, "presence_penalty"));
        }
    }

    [Theory]
    [MemberData(nameof(WireFormats))]
    public async Task Ordinary_values_keep_their_short_form(bool responsesApi)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Answer(responsesApi));
        using OpenAICompatibleChatClient client = Create(server, responsesApi);

        await client.GetResponseAsync(TestClients.Ask("hi"), new ChatOptions { Temperature = 0.7f, TopP = 1e-7f });

        JsonElement sent = server.SingleRequest.Json;
        Assert.Equal("0.7", sent.GetProperty("temperature").GetRawText());
        Assert.Equal(1e-7f, Float(sent, "top_p"));
    }

    public static TheoryData<string, ChatOptions, bool> UnsendableOptions => new()
    {
        { "ChatOptions.Temperature", new ChatOptions { Temperature = float.NaN }, false },
        { "ChatOptions.Temperature", new ChatOptions { Temperature = float.PositiveInfinity }, true },
        { "ChatOptions.TopP", new ChatOptions { TopP = float.NegativeInfinity }, false },
        { "ChatOptions.TopP", new ChatOptions { TopP = float.NaN }, true },
        { "ChatOptions.FrequencyPenalty", new ChatOptions { FrequencyPenalty = float.NaN }, false },
        { "ChatOptions.PresencePenalty", new ChatOptions { PresencePenalty = float.PositiveInfinity }, false },
        { "ChatOptions.MaxOutputTokens", new ChatOptions { MaxOutputTokens = 0 }, false },
        { "ChatOptions.MaxOutputTokens", new ChatOptions { MaxOutputTokens = -5 }, true },
    };

    [Theory]
    [MemberData(nameof(UnsendableOptions))]
    public async Task A_value_that_cannot_be_sent_is_refused_naming_the_option(string option, ChatOptions options, bool responsesApi)
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Answer(responsesApi), Answer(responsesApi));
        using OpenAICompatibleChatClient client = Create(server, responsesApi);

        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(TestClients.Ask("hi"), options));
        ArgumentException refusedStreaming = await Assert.ThrowsAsync<ArgumentException>(() => TestClients.StreamAsync(client, TestClients.Ask("hi"), options));

        Assert.Contains(option, refused.Message, StringComparison.Ordinal);
        Assert.Contains(option, refusedStreaming.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_load_time_default_that_cannot_be_sent_is_refused_naming_the_setting()
    {
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(Fixtures.Reply(TextAnswer));
        using OpenAICompatibleChatClient client = TestClients.Create(server, settings: new ChatModelSettings { Temperature = float.NaN });

        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(TestClients.Ask("hi")));

        Assert.Contains("ChatModelSettings.Temperature", refused.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    private static ServerReply Answer(bool responsesApi) => Fixtures.Reply(responsesApi ? ResponsesAnswer : TextAnswer);

    private static OpenAICompatibleChatClient Create(LoopbackProviderServer server, bool responsesApi) =>
        TestClients.Create(server, settings: responsesApi ? new ChatModelSettings { UseResponsesApi = true } : null);

    private static float Float(JsonElement request, string name) =>
        float.Parse(request.GetProperty(name).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
}

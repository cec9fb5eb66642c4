using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// Tool-call arguments are checked when the answer is read but their dictionary is built on first use
/// (<see cref="DeferredToolCallArguments"/>): it must behave as the ordinary dictionary of <see cref="JsonElement"/>s
/// M.E.AI's own clients produce, for every consumer.
/// </summary>
public sealed class ToolCallArgumentsTests
{
    private const string Arguments = """{"city": "Oslo", "days": 3, "units": {"temperature": "celsius"}, "tags": ["a", "b"], "exact": null}""";

    [Fact]
    public void The_dictionary_holds_every_argument_as_a_JsonElement()
    {
        IDictionary<string, object?> arguments = ToolCallAssembler.ParseArguments(Arguments)!;

        Assert.Equal(5, arguments.Count);
        Assert.Equal(["city", "days", "units", "tags", "exact"], arguments.Keys);
        Assert.Equal("Oslo", Assert.IsType<JsonElement>(arguments["city"]).GetString());
        Assert.Equal(3, ((JsonElement)arguments["days"]!).GetInt32());
        Assert.Equal("celsius", ((JsonElement)arguments["units"]!).GetProperty("temperature").GetString());
        Assert.Equal(2, ((JsonElement)arguments["tags"]!).GetArrayLength());
        Assert.Equal(JsonValueKind.Null, ((JsonElement)arguments["exact"]!).ValueKind);
        Assert.True(arguments.TryGetValue("city", out object? city) && city is JsonElement);
        Assert.False(arguments.ContainsKey("City"));
        Assert.Equal(5, arguments.ToArray().Length);
    }

    [Fact]
    public void The_dictionary_is_writable_like_any_other()
    {
        IDictionary<string, object?> arguments = ToolCallAssembler.ParseArguments("""{"city": "Oslo"}""")!;

        arguments["city"] = "Bergen";
        arguments.Add("days", 2);
        Assert.True(arguments.Remove("days"));

        Assert.Equal("Bergen", Assert.Single(arguments).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_text_is_no_arguments(string text)
    {
        Assert.Empty(ToolCallAssembler.ParseArguments(text)!);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"Oslo\"")]
    [InlineData("{\"city\": ")]
    [InlineData("{\"city\": \"Oslo\"} {\"city\": \"Lima\"}")]
    [InlineData("{\"city\": \"Oslo\",}")]
    public void Anything_but_one_json_object_is_refused_when_the_answer_is_read(string text)
    {
        FunctionCallContent call = FunctionCallContent.CreateFromParsedArguments(text, "call_1", "get_weather", ToolCallAssembler.ParseArguments);

        Assert.Null(call.Arguments);
        Assert.IsAssignableFrom<JsonException>(call.Exception?.InnerException ?? call.Exception);
    }

    [Fact]
    public void Arguments_longer_than_the_stack_buffer_parse()
    {
        string longText = new('x', 5_000);
        IDictionary<string, object?> arguments = ToolCallAssembler.ParseArguments($$"""{"text": "{{longText}}", "ü": "é"}""")!;

        Assert.Equal(longText, ((JsonElement)arguments["text"]!).GetString());
        Assert.Equal("é", ((JsonElement)arguments["ü"]!).GetString());
    }

    [Fact]
    public async Task AnAIFunctionBindsTheArgumentsAsItDoesM_E_AIsOwn()
    {
        AIFunction weather = AIFunctionFactory.Create((string city, int days) => $"{city} for {days} days", "get_weather");
        IDictionary<string, object?> arguments = ToolCallAssembler.ParseArguments("""{"city": "Oslo", "days": 3}""")!;

        object? result = await weather.InvokeAsync(new AIFunctionArguments(arguments));

        Assert.Equal("Oslo for 3 days", ((JsonElement)result!).GetString());
    }

    [Fact]
    public void A_function_call_serializes_with_its_arguments()
    {
        FunctionCallContent call = FunctionCallContent.CreateFromParsedArguments("""{"city": "Oslo", "days": 3}""", "call_1", "get_weather", ToolCallAssembler.ParseArguments);

        string json = JsonSerializer.Serialize<AIContent>(call, AIJsonUtilities.DefaultOptions);

        JsonElement arguments = JsonDocument.Parse(json).RootElement.GetProperty("arguments");
        Assert.Equal("Oslo", arguments.GetProperty("city").GetString());
        Assert.Equal(3, arguments.GetProperty("days").GetInt32());
    }
}

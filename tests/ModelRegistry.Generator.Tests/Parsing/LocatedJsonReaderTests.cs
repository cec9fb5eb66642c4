using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Parsing;

public sealed class LocatedJsonReaderTests
{
    [Fact]
    public void Keeps_the_span_of_every_value()
    {
        const string json = """{ "a": [1, -2.5e3, "x\u0041\n"], "b": { "c": null, "d": false } }""";

        var root = (JsonObjectNode)LocatedJsonReader.Read(json, CancellationToken.None, out string? error, out _)!;

        Assert.Null(error);
        Assert.Equal(new TextSpan(0, json.Length), root.Span);
        var array = (JsonArrayNode)root.Find("a")!.Value;
        Assert.Equal("-2.5e3", ((JsonNumberNode)array.Items[1]).Text);
        Assert.Equal("-2.5e3", json.Substring(array.Items[1].Span.Start, array.Items[1].Span.Length));
        Assert.Equal("xA\n", ((JsonStringNode)array.Items[2]).Value);
        Assert.Equal("\"b\"", json.Substring(root.Properties[1].NameSpan.Start, root.Properties[1].NameSpan.Length));
        Assert.IsType<JsonNullNode>(((JsonObjectNode)root.Find("b")!.Value).Find("c")!.Value);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("{", 1)]
    [InlineData("{\"a\" 1}", 5)]
    [InlineData("[1,]", 3)]
    [InlineData("[01]", 2)]
    [InlineData("\"a\\x\"", 2)]
    [InlineData("{} {}", 3)]
    [InlineData("[1.]", 3)]
    [InlineData("\"tab\there\"", 4)]
    [InlineData("[\"\\ud800\"]", 8)]
    [InlineData("[\"\\udc00\\ud800\"]", 14)]
    public void Reports_the_first_syntax_error_where_it_is(string json, int position)
    {
        JsonValueNode? root = LocatedJsonReader.Read(json, CancellationToken.None, out string? error, out TextSpan span);

        Assert.Null(root);
        Assert.NotNull(error);
        Assert.Equal(position, span.Start);
    }

    [Fact]
    public void Accepts_surrogate_pairs() =>
        Assert.Equal("𝄞", ((JsonStringNode)LocatedJsonReader.Read("\"\\ud834\\udd1e\"", CancellationToken.None, out _, out _)!).Value);

    [Fact]
    public void Rejects_deep_nesting_instead_of_overflowing_the_stack()
    {
        string json = new string('[', 100_000) + new string(']', 100_000);

        JsonValueNode? root = LocatedJsonReader.Read(json, CancellationToken.None, out string? error, out TextSpan span);

        Assert.Null(root);
        Assert.Contains("deeper", error, StringComparison.Ordinal);
        Assert.Equal(LocatedJsonReader.MaxDepth, span.Start);
    }

    [Fact]
    public void Accepts_nesting_up_to_the_limit()
    {
        string json = new string('[', LocatedJsonReader.MaxDepth) + new string(']', LocatedJsonReader.MaxDepth);

        Assert.NotNull(LocatedJsonReader.Read(json, CancellationToken.None, out _, out _));
    }
}

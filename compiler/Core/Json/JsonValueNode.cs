using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// A JSON value read by <see cref="LocatedJsonReader"/>, with the span it occupies in the file so that every
/// problem found later can be reported at its exact line and column.
/// </summary>
internal abstract class JsonValueNode
{
    protected JsonValueNode(TextSpan span) => Span = span;

    /// <summary>Where the value is written, from its first to its last character.</summary>
    public TextSpan Span { get; }

    /// <summary>The JSON type name used in messages (<c>object</c>, <c>array</c>, <c>string</c>, <c>number</c>, <c>boolean</c>, <c>null</c>).</summary>
    public abstract string TypeName { get; }
}

/// <summary>A JSON object; properties keep file order and duplicates (the profile reader reports them).</summary>
internal sealed class JsonObjectNode : JsonValueNode
{
    public JsonObjectNode(TextSpan span, IReadOnlyList<JsonPropertyNode> properties)
        : base(span) => Properties = properties;

    public IReadOnlyList<JsonPropertyNode> Properties { get; }

    public override string TypeName => "object";

    /// <summary>The first property named <paramref name="name"/> (ordinal), or <see langword="null"/>.</summary>
    public JsonPropertyNode? Find(string name)
    {
        foreach (JsonPropertyNode property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }
}

/// <summary>One <c>"name": value</c> pair; <see cref="NameSpan"/> covers the quoted name.</summary>
internal sealed class JsonPropertyNode
{
    public JsonPropertyNode(string name, TextSpan nameSpan, JsonValueNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonValueNode Value { get; }
}

internal sealed class JsonArrayNode : JsonValueNode
{
    public JsonArrayNode(TextSpan span, IReadOnlyList<JsonValueNode> items)
        : base(span) => Items = items;

    public IReadOnlyList<JsonValueNode> Items { get; }

    public override string TypeName => "array";
}

internal sealed class JsonStringNode : JsonValueNode
{
    public JsonStringNode(TextSpan span, string value)
        : base(span) => Value = value;

    /// <summary>The unescaped value.</summary>
    public string Value { get; }

    public override string TypeName => "string";
}

/// <summary>A number, kept as written so that no precision is lost before it is parsed into its target type.</summary>
internal sealed class JsonNumberNode : JsonValueNode
{
    public JsonNumberNode(TextSpan span, string text)
        : base(span) => Text = text;

    public string Text { get; }

    public override string TypeName => "number";
}

internal sealed class JsonBooleanNode : JsonValueNode
{
    public JsonBooleanNode(TextSpan span, bool value)
        : base(span) => Value = value;

    public bool Value { get; }

    public override string TypeName => "boolean";
}

internal sealed class JsonNullNode : JsonValueNode
{
    public JsonNullNode(TextSpan span)
        : base(span)
    {
    }

    public override string TypeName => "null";
}

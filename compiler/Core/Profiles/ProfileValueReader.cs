using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// Reads the typed values of one JSON file with the "wrong type" rule applied uniformly, and reports what it finds to the
/// <see cref="DiagnosticSink"/> at the value's file, line and column. A JSON <c>null</c> counts as "not given" everywhere
/// and is never reported. With no sink (the generator, or a JSON file that is no profile file), values are still
/// validated and dropped, but no location, did-you-mean or fix data is computed.
/// </summary>
internal sealed class ProfileValueReader
{
    private readonly SourceText _text;
    private readonly DiagnosticSink? _sink;

    public ProfileValueReader(string path, SourceText text, DiagnosticSink? sink)
    {
        Path = path;
        _text = text;
        _sink = sink;
    }

    /// <summary>The file's path as the compiler gives it (the scope of its <see cref="NameKey"/>s).</summary>
    public string Path { get; }

    public DiagnosticLocation At(TextSpan span) => new(Path, span, _text.Lines.GetLinePositionSpan(span));

    public void Report(DiagnosticDescriptor descriptor, TextSpan span, params object[] arguments) =>
        _sink?.Report(descriptor, At(span), arguments);

    /// <summary>Records where a name the cross-file rules may report at is written.</summary>
    public void RememberName(NameKey key, TextSpan span) => _sink?.RememberName(key, At(span));

    /// <summary>MR0001 for a provider name written at <paramref name="span"/>, with the name its fix writes instead.</summary>
    public void InvalidProviderName(TextSpan span, string name, string problem) =>
        _sink?.ReportFixable(DiagnosticDescriptors.InvalidProviderName, At(span), FixProperties.Replace(FixProperties.ValidProviderName(name)), name, problem);

    /// <summary>MR0002 for <paramref name="value"/> of <paramref name="option"/> (named by its JSON key), with the closest valid value for the fix.</summary>
    public void UnknownCompatibilityValue(TextSpan span, string value, CompatibilityOption option) =>
        _sink?.ReportFixable(DiagnosticDescriptors.UnknownCompatibilityValue, At(span), FixProperties.Replace(CompatibilityValues.Closest(option, value)),
            value, option.JsonKey, option.DescribeValid(), CompatibilityValues.DidYouMean(option, value));

    public void WrongType(string key, JsonValueNode value, string expected) =>
        Report(DiagnosticDescriptors.InvalidProfileValue, value.Span, key, expected, Describe(value));

    public void UnknownKey(JsonPropertyNode property, string what, IEnumerable<string> known) =>
        UnknownKey(DiagnosticDescriptors.UnknownProfileKey, property, what, known);

    /// <summary>An unknown key reported under <paramref name="descriptor"/> (MR0005, or MR0025 inside a route or pricing
    /// object), with the closest known key for the rename fix.</summary>
    public void UnknownKey(DiagnosticDescriptor descriptor, JsonPropertyNode property, string what, IEnumerable<string> known)
    {
        // No did-you-mean search without a sink: nobody would read it.
        if (_sink is null)
        {
            return;
        }

        string? closest = ClosestMatch.Find(property.Name, known);
        _sink.ReportFixable(descriptor, At(property.NameSpan), FixProperties.Replace(closest),
            property.Name, what, closest is null ? string.Empty : $" (did you mean '{closest}'?)");
    }

    public string? ReadString(string key, JsonValueNode value)
    {
        switch (value)
        {
            case JsonStringNode text:
                return text.Value;
            case JsonNullNode:
                return null;
            default:
                WrongType(key, value, "a string");
                return null;
        }
    }

    /// <summary>A <c>base_url</c> value: the URL, or <see langword="null"/> when it is absent or not an absolute http(s)
    /// URL (reported, so the entry keeps its other fields).</summary>
    public string? ReadBaseUrl(string key, JsonValueNode value)
    {
        if (ReadString(key, value) is not { } url)
        {
            return null;
        }

        if (ProviderRules.BaseUrlProblem(url) is { } problem)
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, value.Span, url, problem);
            return null;
        }

        return url;
    }

    /// <summary>A route's (or a model's) <c>base_url</c>: an absolute http(s) URL, which may hold <c>${ENV}</c> references
    /// (the hybrid-inference seed writes <c>base_url: ${ZAI_BASE_URL}</c>), expanded when the route is loaded. A value that
    /// is one reference is taken as written; any other is checked with its references standing for a host name.</summary>
    public string? ReadRouteBaseUrl(string key, JsonValueNode value)
    {
        if (ReadString(key, value) is not { } url)
        {
            return null;
        }

        if (SecretRule.IsEnvironmentReference(url))
        {
            return url;
        }

        if (ProviderRules.BaseUrlProblem(SubstituteReferences(url)) is { } problem)
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, value.Span, url, problem);
            return null;
        }

        return url;
    }

    private static string SubstituteReferences(string template)
    {
        var result = new System.Text.StringBuilder(template.Length);
        int position = 0;
        for (int start = template.IndexOf("${", System.StringComparison.Ordinal); start >= 0; start = template.IndexOf("${", position, System.StringComparison.Ordinal))
        {
            int end = template.IndexOf('}', start + 2);
            if (end < 0)
            {
                break;
            }

            result.Append(template, position, start - position).Append("env-value");
            position = end + 1;
        }

        return result.Append(template, position, template.Length - position).ToString();
    }

    public bool? ReadBoolean(string key, JsonValueNode value)
    {
        switch (value)
        {
            case JsonBooleanNode flag:
                return flag.Value;
            case JsonNullNode:
                return null;
            default:
                WrongType(key, value, "true or false");
                return null;
        }
    }

    /// <summary>A JSON integer from <paramref name="minimum"/> to <see cref="int.MaxValue"/>.</summary>
    public int? ReadInteger(string key, JsonValueNode value, int minimum)
    {
        if (value is JsonNullNode)
        {
            return null;
        }

        if (value is JsonNumberNode number
            && int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed)
            && parsed >= minimum)
        {
            return parsed;
        }

        WrongType(key, value, minimum == 0 ? "a non-negative integer" : $"an integer of at least {minimum}");
        return null;
    }

    /// <summary>A decimal written as a JSON number or a numeric string, as invariant text (<c>1e-6</c> → <c>0.000001</c>).</summary>
    public string? ReadDecimal(string key, JsonValueNode value, bool allowNegative)
    {
        string? text = value switch
        {
            JsonNumberNode number => number.Text,
            JsonStringNode str => str.Value,
            _ => null,
        };
        if (value is JsonNullNode)
        {
            return null;
        }

        if (text is not null
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed)
            && (allowNegative || parsed >= 0))
        {
            return parsed.ToString(CultureInfo.InvariantCulture);
        }

        WrongType(key, value, allowNegative ? "a decimal number" : "a non-negative decimal number");
        return null;
    }

    public JsonObjectNode? ReadObject(string key, JsonValueNode value)
    {
        switch (value)
        {
            case JsonObjectNode obj:
                return obj;
            case JsonNullNode:
                return null;
            default:
                WrongType(key, value, "an object");
                return null;
        }
    }

    public JsonArrayNode? ReadArray(string key, JsonValueNode value)
    {
        switch (value)
        {
            case JsonArrayNode array:
                return array;
            case JsonNullNode:
                return null;
            default:
                WrongType(key, value, "an array");
                return null;
        }
    }

    /// <summary>An array of strings; non-string elements are reported and skipped.</summary>
    public List<(string Value, TextSpan Span)>? ReadStringArray(string key, JsonValueNode value)
    {
        if (ReadArray(key, value) is not { } array)
        {
            return null;
        }

        var result = new List<(string, TextSpan)>(array.Items.Count);
        foreach (JsonValueNode item in array.Items)
        {
            if (item is JsonStringNode text)
            {
                result.Add((text.Value, text.Span));
            }
            else
            {
                WrongType(key, item, "a string (as an array element)");
            }
        }

        return result;
    }

    private static string Describe(JsonValueNode value) => value switch
    {
        JsonStringNode => "a string",
        JsonNumberNode number => number.Text,
        JsonBooleanNode flag => flag.Value ? "true" : "false",
        JsonObjectNode => "an object",
        JsonArrayNode => "an array",
        _ => "null",
    };
}

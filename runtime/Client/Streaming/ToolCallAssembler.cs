using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Assembles tool calls from streamed deltas keyed by <c>index</c>: the id and name usually come in a header
/// fragment and the arguments in many pieces, but a name may come late, continuation fragments may repeat an
/// empty id (DashScope), the first index may be 1 (Anthropic's compatibility endpoint), and several calls may
/// interleave. Non-streamed answers go through the same path with one fragment per call.
/// </summary>
internal sealed class ToolCallAssembler
{
    private readonly List<Builder> _calls = [];

    public bool HasCalls => _calls.Count > 0;

    public void Append(int index, string? id, string? name, string? argumentsFragment)
    {
        Builder call = GetOrAdd(index);
        if (!string.IsNullOrEmpty(id) && call.Id is null)
        {
            call.Id = id;
        }

        if (!string.IsNullOrEmpty(name))
        {
            call.Name ??= name;
        }

        if (!string.IsNullOrEmpty(argumentsFragment))
        {
            call.Arguments.Append(argumentsFragment);
        }
    }

    /// <summary>Sets a call's complete arguments (a "done" event), replacing whatever fragments came before —
    /// some servers (LM Studio) send no fragments at all.</summary>
    public void Complete(int index, string? id, string? name, string arguments)
    {
        Append(index, id, name, null);
        Builder call = GetOrAdd(index);
        call.Arguments.Clear().Append(arguments);
    }

    /// <summary>Emits every assembled call, in index order, and forgets them. A call named
    /// <paramref name="structuredOutputFunction"/> carries the structured answer: its arguments become text.</summary>
    public void Flush(IList<AIContent> into, string? structuredOutputFunction)
    {
        _calls.Sort(static (left, right) => left.Index.CompareTo(right.Index));
        foreach (Builder call in _calls)
        {
            string arguments = call.Arguments.ToString();
            string name = call.Name ?? "";
            if (structuredOutputFunction is not null && name == structuredOutputFunction)
            {
                into.Add(new TextContent(arguments));
                continue;
            }

            string callId = call.Id ?? "call_" + call.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            FunctionCallContent content = FunctionCallContent.CreateFromParsedArguments(arguments, callId, name, ParseArguments);
            into.Add(content);
        }

        _calls.Clear();
    }

    /// <summary>Arguments as a dictionary of <see cref="JsonElement"/> values; an empty string is no arguments.</summary>
    internal static IDictionary<string, object?>? ParseArguments(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return new Dictionary<string, object?>();
        }

        using JsonDocument document = JsonDocument.Parse(arguments);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Tool-call arguments are not a JSON object.");
        }

        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            parsed[property.Name] = property.Value.Clone();
        }

        return parsed;
    }

    private Builder GetOrAdd(int index)
    {
        foreach (Builder existing in _calls)
        {
            if (existing.Index == index)
            {
                return existing;
            }
        }

        var call = new Builder(index);
        _calls.Add(call);
        return call;
    }

    private sealed class Builder(int index)
    {
        public int Index { get; } = index;
        public string? Id { get; set; }
        public string? Name { get; set; }
        public StringBuilder Arguments { get; } = new();
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

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
            call.AppendArguments(argumentsFragment);
        }
    }

    /// <summary>Sets a call's complete arguments (a "done" event), replacing whatever fragments came before —
    /// some servers (LM Studio) send no fragments at all.</summary>
    public void Complete(int index, string? id, string? name, string arguments)
    {
        Append(index, id, name, null);
        GetOrAdd(index).ReplaceArguments(arguments);
    }

    /// <summary>Emits every assembled call, in index order, and forgets them. A call named
    /// <paramref name="structuredOutputFunction"/> carries the structured answer: its arguments become text.</summary>
    public void Flush(IList<AIContent> into, string? structuredOutputFunction)
    {
        _calls.Sort(static (left, right) => left.Index.CompareTo(right.Index));
        foreach (Builder call in _calls)
        {
            string arguments = call.TakeArguments();
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

    /// <summary>Arguments as a dictionary of <see cref="JsonElement"/> values (built on first use, see
    /// <see cref="DeferredToolCallArguments"/>); an empty string is no arguments, anything but one JSON object throws.</summary>
    internal static IDictionary<string, object?>? ParseArguments(string arguments) => DeferredToolCallArguments.Create(arguments);

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
        // Most calls arrive whole (every non-streamed one, several providers' streams): the first fragment is kept as it
        // is, and a builder is made only when a second one comes.
        private string? _first;
        private StringBuilder? _more;

        public int Index { get; } = index;
        public string? Id { get; set; }
        public string? Name { get; set; }

        public void AppendArguments(string fragment)
        {
            if (_more is not null)
            {
                _more.Append(fragment);
            }
            else if (_first is null)
            {
                _first = fragment;
            }
            else
            {
                _more = new StringBuilder(_first, Math.Max(256, (_first.Length + fragment.Length) * 2)).Append(fragment);
                _first = null;
            }
        }

        public void ReplaceArguments(string arguments)
        {
            _more = null;
            _first = arguments;
        }

        public string TakeArguments() => _more?.ToString() ?? _first ?? "";
    }
}

using System.Globalization;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Collects what resolving one call changed about it, for the call's response (every call where it happens), and
/// logs each kind once per client through <see cref="OnceLogger"/>. A struct owned by the resolver: a call that needs
/// no change allocates nothing for it.
/// </summary>
internal struct RequestWarnings(OnceLogger log)
{
    private List<ChatWarning>? _items;

    public void ToolChoiceFiltered(string requested, string sent)
    {
        Add(ChatWarning.ToolChoiceChanged, "tool_choice",
            $"{log.Provider}:{log.Model} does not accept tool_choice '{requested}'; sent '{sent}' instead (supported_tool_choice).");
        log.ToolChoiceFiltered(requested, sent);
    }

    public void ParameterDropped(string parameter)
    {
        Add(ChatWarning.ParameterDropped, parameter,
            $"{log.Provider}:{log.Model} does not list '{parameter}' in its supported_params; the parameter was not sent.");
        log.ParameterDropped(parameter);
    }

    public void MaxTokensClamped(string field, int requested, int limit)
    {
        Add(ChatWarning.MaxTokensClamped, field, string.Create(CultureInfo.InvariantCulture,
            $"{log.Provider}:{log.Model} allows at most {limit} output tokens; {requested} requested, {limit} sent (max_output_tokens)."));
        log.MaxTokensClamped(requested, limit);
    }

    public void ResponseFormatFiltered(string format)
    {
        Add(ChatWarning.ResponseFormatDropped, "response_format",
            $"{log.Provider}:{log.Model} does not accept response_format '{format}' (supported_response_format); it was not sent.");
        log.ResponseFormatFiltered(format);
    }

    public void ExtraBodyValueSkipped(string option, Type type)
    {
        Add(ChatWarning.OptionSkipped, option,
            $"{log.Provider}:{log.Model}: the request option '{option}' holds a {type.Name}, which cannot be written as JSON without reflection; it was not sent.");
        log.ExtraBodyValueSkipped(option, type);
    }

    /// <summary>The warnings as they travel on the response, or <see langword="null"/> when there are none.</summary>
    public readonly JsonElement? ToJson() => _items is null ? null : ChatWarnings.ToJson(_items);

    private void Add(string code, string setting, string message) => (_items ??= []).Add(new ChatWarning(code, setting, message));
}

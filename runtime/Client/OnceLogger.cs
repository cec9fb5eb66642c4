using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelRegistry;

/// <summary>
/// Logs each compatibility warning once per client: a request loop that sends the same unsupported option a
/// thousand times should say so once, not fill the log. (Every call still returns its own warnings on its response:
/// see <see cref="RequestWarnings"/>.)
/// </summary>
internal sealed class OnceLogger
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly string _provider;
    private readonly string _model;

    public OnceLogger(ILoggerFactory? loggerFactory, string provider, string model)
    {
        Logger = loggerFactory?.CreateLogger<OpenAICompatibleChatClient>() ?? NullLogger<OpenAICompatibleChatClient>.Instance;
        _provider = provider;
        _model = model;
    }

    public ILogger Logger { get; }

    public string Provider => _provider;

    public string Model => _model;

    public void ToolChoiceFiltered(string requested, string sent)
    {
        if (FirstTime("tool_choice:" + requested))
        {
            ClientLog.ToolChoiceFiltered(Logger, _provider, _model, requested, sent);
        }
    }

    public void ParameterDropped(string parameter)
    {
        if (FirstTime("param:" + parameter))
        {
            ClientLog.ParameterDropped(Logger, _provider, _model, parameter);
        }
    }

    public void MaxTokensClamped(int requested, int limit)
    {
        if (FirstTime("max_tokens"))
        {
            ClientLog.MaxTokensClamped(Logger, _provider, _model, requested, limit);
        }
    }

    public void ResponseFormatFiltered(string format)
    {
        if (FirstTime("response_format:" + format))
        {
            ClientLog.ResponseFormatFiltered(Logger, _provider, _model, format);
        }
    }

    public void ExtraBodyValueSkipped(string option, Type type)
    {
        if (FirstTime("extra:" + option))
        {
            ClientLog.ExtraBodyValueSkipped(Logger, _provider, _model, option, type.Name);
        }
    }

    private bool FirstTime(string key)
    {
        lock (_reported)
        {
            return _reported.Add(key);
        }
    }
}

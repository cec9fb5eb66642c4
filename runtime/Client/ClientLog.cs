using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// Every message the client logs, source-generated so that a disabled level costs nothing. No message takes
/// the API key, a header value or a request body: only provider, model and parameter names.
/// </summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "{Provider}:{Model} does not accept tool_choice '{Requested}'; sending '{Sent}' instead (supported_tool_choice).")]
    public static partial void ToolChoiceFiltered(ILogger logger, string provider, string model, string requested, string sent);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Provider}:{Model} does not list '{Parameter}' in its supported_params; the parameter is not sent.")]
    public static partial void ParameterDropped(ILogger logger, string provider, string model, string parameter);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "{Provider}:{Model} allows at most {Limit} output tokens; {Requested} requested, {Limit} sent (max_output_tokens).")]
    public static partial void MaxTokensClamped(ILogger logger, string provider, string model, int requested, int limit);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "{Provider}:{Model} does not accept response_format '{Format}' (supported_response_format); it is not sent.")]
    public static partial void ResponseFormatFiltered(ILogger logger, string provider, string model, string format);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "{Provider} answered {Status}; retry {Attempt} of {MaxRetries} in {DelayMilliseconds} ms.")]
    public static partial void RetryingStatus(ILogger logger, string provider, int status, int attempt, int maxRetries, long delayMilliseconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "{Provider} could not be reached ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMilliseconds} ms.")]
    public static partial void RetryingConnection(ILogger logger, string provider, string reason, int attempt, int maxRetries, long delayMilliseconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "{Provider}:{Model}: the request option '{Option}' holds a {Type}, which cannot be written as JSON without reflection; it is not sent.")]
    public static partial void ExtraBodyValueSkipped(ILogger logger, string provider, string model, string option, string type);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "{Provider} has no GET /models endpoint (404); listing the models of its profiles instead.")]
    public static partial void ModelsEndpointMissing(ILogger logger, string provider);
}

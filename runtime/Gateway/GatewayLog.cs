namespace ModelRegistry.Gateway;

/// <summary>The gateway's log messages, source-generated. They name models and error types, never keys or bodies.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Model}: the request failed ({Error}).")]
    public static partial void RequestFailed(ILogger logger, string model, string error, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Model}: the stream failed after it started ({Error}); an error event ends it.")]
    public static partial void StreamFailed(ILogger logger, string model, string error, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Model}: the upstream sent nothing for {Seconds} s; the stream ends with an error event.")]
    public static partial void StreamStalled(ILogger logger, string model, double seconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Serving {Count} model(s): {Models}.")]
    public static partial void Serving(ILogger logger, int count, string models);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Model} is not served: {Reason}")]
    public static partial void ModelUnavailable(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Path}: the request failed with nothing to catch it ({Error}).")]
    public static partial void UnhandledFailure(ILogger logger, string path, string error, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Redis at {Endpoints} is unreachable ({Problem}): request and token windows, circuits and usage counters are kept in this process until it is back; requests go on.")]
    public static partial void RedisAway(ILogger logger, string endpoints, string problem);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Redis at {Endpoints} answers: request and token windows, circuits and usage counters are shared with every instance over it.")]
    public static partial void RedisShared(ILogger logger, string endpoints);
}

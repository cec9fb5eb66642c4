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

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Model}: the call of key {KeyName} could not be charged ({Error}).")]
    public static partial void ChargeFailed(ILogger logger, string keyName, string model, string error, Exception exception);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "{Model}: the limits and budget of key {KeyName} could not be checked ({Error}); the call goes on unchecked.")]
    public static partial void AdmissionFailed(ILogger logger, string keyName, string model, string error, Exception exception);

    // 30-39: operations (overlay reload, background probes), numbered apart so other additions do not collide.
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "The routing overlay {Path} (sha256 {Sha256}) is live: {Count} model(s) reloaded.")]
    public static partial void OverlayApplied(ILogger logger, string path, string sha256, int count);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "The edit of the routing overlay {Path} is rejected and the running overlay keeps serving: {Error}")]
    public static partial void OverlayRejected(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Reloading the routing overlay {Path} failed ({Error}); the running overlay keeps serving.")]
    public static partial void OverlayReloadFailed(ILogger logger, string path, string error, Exception exception);

    [LoggerMessage(EventId = 33, Level = LogLevel.Debug, Message = "The routing overlay {Path} is not watched for changes ({Error}); it is read again every {Seconds} s.")]
    public static partial void OverlayNotWatched(ILogger logger, string path, string error, double seconds);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "{Model}: the background probe found route {Route} down ({Detail}); its circuit is open.")]
    public static partial void ProbeOpened(ILogger logger, string model, string route, string detail);

    [LoggerMessage(EventId = 35, Level = LogLevel.Information, Message = "{Model}: the background probe found route {Route} up again; its circuit is closed.")]
    public static partial void ProbeClosed(ILogger logger, string model, string route);

    [LoggerMessage(EventId = 36, Level = LogLevel.Error, Message = "A round of background route probes failed ({Error}); the next round runs as planned.")]
    public static partial void ProbeRoundFailed(ILogger logger, string error, Exception exception);

    // 40-49: shared state (Gateway:Redis), in ModelRegistry.Gateway.Redis (RedisLog).
}

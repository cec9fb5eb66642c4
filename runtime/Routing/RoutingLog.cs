using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>Every message routing logs, source-generated. Messages name models and routes, never keys or bodies.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Model}: sending the call to route {Route}.")]
    public static partial void RouteChosen(ILogger logger, string model, string route);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "{Model}: route {Route} failed ({Reason}); trying the next route.")]
    public static partial void FallingBack(ILogger logger, string model, string route, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "{Model}: route {Route} is cooling down for {CooldownSeconds} s after {Failures} failure(s).")]
    public static partial void RouteOpened(ILogger logger, string model, string route, double cooldownSeconds, int failures);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "{Model}: route {Route} answered again; its circuit is closed.")]
    public static partial void RouteRecovered(ILogger logger, string model, string route);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "{Model}: route {Route} is rate limited and its queue is full; the call is not sent there.")]
    public static partial void QueueFull(ILogger logger, string model, string route);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error,
        Message = "{Model}: the stream from route {Route} failed after content was sent; the answer is incomplete and not retried elsewhere.")]
    public static partial void CommittedStreamFailed(ILogger logger, string model, string route, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information,
        Message = "{Model}: OFFLOAD drops route {Route} ({Why}).")]
    public static partial void RouteOffloaded(ILogger logger, string model, string route, string why);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
        Message = "{Model}: route {Route} is left out: {Reason}")]
    public static partial void RouteUnusable(ILogger logger, string model, string route, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information,
        Message = "{Model}: route {Route} is skipped: the prompt's estimate of {Estimate} tokens exceeds its context window of {Window}.")]
    public static partial void RouteWindowSkipped(ILogger logger, string model, string route, long estimate, int window);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "{Model}: the prompt's estimate of {Estimate} tokens exceeds the context window of every route (the largest is {Window}); the call is not sent.")]
    public static partial void PromptTooLarge(ILogger logger, string model, long estimate, int window);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning,
        Message = "{Model}: {Reason}; trying fallback model {Fallback}.")]
    public static partial void FallingBackToModel(ILogger logger, string model, string fallback, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning,
        Message = "{Model}: route {Route} answered HTTP {Status} with key #{Key} of {Keys}; rotating to key #{NextKey}.")]
    public static partial void KeyRotated(ILogger logger, string model, string route, int status, int key, int keys, int nextKey);
}

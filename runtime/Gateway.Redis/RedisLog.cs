namespace ModelRegistry.Gateway;

/// <summary>The Redis state store's log messages, source-generated (category <c>ModelRegistry.Gateway.Redis</c>). Their
/// event ids, 40-49, are the gateway's block for shared state, so they read the same as before the store had a package
/// of its own. They name the servers' endpoints, never the configuration string (it may hold a password).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Redis at {Endpoints} is unreachable ({Problem}): request and token windows, circuits and usage counters are kept in this process until it is back; requests go on.")]
    public static partial void Away(ILogger logger, string endpoints, string problem);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Redis at {Endpoints} answers: request and token windows, circuits and usage counters are shared with every instance over it.")]
    public static partial void Shared(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Redis at {Endpoints}: subscribing to the other instances' circuit notices failed ({Problem}); a circuit another instance opens is seen here within {Seconds} s instead (tried again when the connection is restored).")]
    public static partial void NotSubscribed(ILogger logger, string endpoints, string problem, double seconds);
}

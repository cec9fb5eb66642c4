using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModelRegistry.Gateway.Tests;

/// <summary>A logger provider that keeps every entry the gateway writes, for tests that assert on its log.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLog(logLevel, category, eventId.Id, formatter(state, exception)));
    }
}

internal sealed record CapturedLog(LogLevel Level, string Category, int EventId, string Message);

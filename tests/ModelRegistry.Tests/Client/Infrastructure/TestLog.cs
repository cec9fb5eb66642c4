using Microsoft.Extensions.Logging;

namespace ModelRegistry.Tests.Client;

/// <summary>One logged entry: its category, event id, level and formatted message.</summary>
public readonly record struct LogEntry(string Category, int EventId, LogLevel Level, string Message);

/// <summary>
/// The one test logger: keeps every entry written through it. Pass it as a <see cref="ILoggerFactory"/>
/// (<c>ChatModelSettings.LoggerFactory</c>) or add it to a real host's logging as an <see cref="ILoggerProvider"/>.
/// </summary>
public sealed class TestLog : ILoggerFactory, ILoggerProvider
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>A snapshot of the entries so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add(new LogEntry(category, eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}

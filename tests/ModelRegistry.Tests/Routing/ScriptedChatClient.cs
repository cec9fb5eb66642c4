using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Tests.Routing;

/// <summary>An upstream that answers or fails on command, and counts the calls it got.</summary>
internal sealed class ScriptedChatClient(string name) : IChatClient
{
    private int _calls;

    public string Name { get; } = name;

    /// <summary>What the next calls do; <see langword="null"/> answers normally.</summary>
    public Func<Exception>? FailWith { get; set; }

    /// <summary>For streams: fail after this many content updates were sent (null: never).</summary>
    public int? BreakStreamAfter { get; set; }

    /// <summary>The usage the answer reports (null: none, so routing estimates).</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>Fail (<see cref="FailWith"/>) by throwing from the call itself, before any task or stream exists, as a
    /// client that checks its arguments first would.</summary>
    public bool ThrowAtCall { get; set; }

    /// <summary>Streams wait for cancellation before sending anything.</summary>
    public bool Hang { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public bool Disposed { get; private set; }

    public static ChatProviderException Status(HttpStatusCode status, TimeSpan? retryAfter = null) =>
        new($"upstream answered {(int)status}", "fake", status) { RetryAfter = retryAfter };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (FailWith is { } fail)
        {
            return ThrowAtCall ? throw fail() : Task.FromException<ChatResponse>(fail());
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer from {Name}")) { Usage = Usage };
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ThrowAtCall && FailWith is { } fail)
        {
            Interlocked.Increment(ref _calls);
            throw fail();
        }

        return StreamAsync(cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "") { ResponseId = "r-" + Name };
        if (FailWith is { } fail && BreakStreamAfter is null)
        {
            throw fail();
        }

        for (int i = 0; i < 3; i++)
        {
            if (BreakStreamAfter == i)
            {
                throw new ChatProviderException("the stream broke", "fake");
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, $"{Name}-part{i} ") { ResponseId = "r-" + Name };
        }

        if (Usage is { } usage)
        {
            yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)], ResponseId = "r-" + Name };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => Disposed = true;
}

/// <summary>A clock the test moves by hand; timers fire when it passes their due time.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by)
    {
        _now += by;
        foreach (ManualTimer timer in _timers.ToArray())
        {
            timer.FireIfDue(_now);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, _now + dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period) : ITimer
    {
        private DateTimeOffset _due = due;
        private bool _disposed;

        public void FireIfDue(DateTimeOffset now)
        {
            while (!_disposed && now >= _due)
            {
                callback(state);
                if (period <= TimeSpan.Zero)
                {
                    _disposed = true;
                    return;
                }

                _due += period;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan newPeriod) => throw new NotSupportedException("Not used by the limiter.");

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}

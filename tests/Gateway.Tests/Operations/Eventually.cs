namespace ModelRegistry.Gateway.Tests;

/// <summary>Polls until a condition holds, with a generous deadline instead of a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> accepts what it returned, and returns that;
    /// fails with <paramref name="what"/> and the last value when the deadline passes.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        DateTime until = DateTime.UtcNow + Deadline;
        while (true)
        {
            T value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Not within {Deadline.TotalSeconds} s: {what}. Last seen: {value}");
            }

            await Task.Delay(50);
        }
    }
}

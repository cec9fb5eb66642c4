using System.Diagnostics;

namespace Benchmarks.Gateway;

/// <summary>
/// The load of the gateway load test, over one <see cref="HttpClient"/> with enough pooled connections for every
/// request in flight. <see cref="RunOpenLoop"/> sends at a fixed rate whatever the answers do and measures each latency
/// from the request's <em>scheduled</em> send time, so a slow answer delays no later measurement (no coordinated
/// omission); <see cref="RunClosedLoopAsync"/> keeps N requests in flight and counts answers per second.
/// </summary>
public sealed class LoadGenerator(HttpClient client)
{
    /// <summary>Sends <c>rate × duration</c> requests at fixed intervals from a dedicated thread, then waits for every answer (bounded by <paramref name="drainTimeout"/>).</summary>
    public OpenLoopResult RunOpenLoop(LoadTarget target, double rate, TimeSpan duration, TimeSpan drainTimeout) =>
        RunOpenLoop([target], rate, duration, drainTimeout)[0];

    /// <summary>
    /// The fixed-rate phase of several targets at once, interleaved: each gets <c>rate × duration</c> requests at fixed
    /// intervals, the targets' send times offset by an equal share of the interval (with two, one request goes to each
    /// every interval, half an interval apart), in an order that turns every interval. So every target is measured over the same seconds and a machine whose
    /// speed drifts between phases (a busy neighbour, a throttled host) moves all of them alike; their differences are
    /// then paired, not taken between phases a minute apart.
    /// </summary>
    public OpenLoopResult[] RunOpenLoop(IReadOnlyList<LoadTarget> targets, double rate, TimeSpan duration, TimeSpan drainTimeout)
    {
        int count = (int)(rate * duration.TotalSeconds);
        int paths = targets.Count;
        double[][] fromScheduled = [.. targets.Select(_ => new double[count])];
        double[][] fromSent = [.. targets.Select(_ => new double[count])];
        Task<bool>[][] requests = [.. targets.Select(_ => new Task<bool>[count])];
        long[] worstLag = new long[paths];
        long interval = (long)(Stopwatch.Frequency / rate);
        long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        Thread scheduler = new(() =>
        {
            for (int i = 0; i < count; i++)
            {
                for (int slot = 0; slot < paths; slot++)
                {
                    // The order turns every interval, so each path follows each other one equally often: the path sent just
                    // after another finds the server's core freshly awake, and no path may always be that one.
                    int path = (slot + i) % paths;
                    long due = start + (i * interval) + (slot * interval / paths);
                    WaitUntil(due);
                    worstLag[path] = Math.Max(worstLag[path], Stopwatch.GetTimestamp() - due);
                    requests[path][i] = SendTimedAsync(targets[path], due, i, fromScheduled[path], fromSent[path]);
                }
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "open-loop scheduler" };
        scheduler.Start();
        scheduler.Join();
        bool drained = Task.WhenAll(requests.SelectMany(sent => sent)).Wait(drainTimeout);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return
        [
            .. Enumerable.Range(0, paths).Select(path =>
            {
                Task<bool>[] sent = requests[path];
                int failures = drained ? sent.Count(request => !request.Result) : sent.Count(request => !request.IsCompletedSuccessfully || !request.Result);
                return new OpenLoopResult(count, failures, new LatencySummary(fromScheduled[path]), new LatencySummary(fromSent[path]),
                    Stopwatch.GetElapsedTime(0, worstLag[path]).TotalMilliseconds, count / elapsed);
            }),
        ];
    }

    /// <summary>Keeps <paramref name="concurrency"/> requests in flight for <paramref name="duration"/> and returns answers per second.</summary>
    public async Task<ClosedLoopResult> RunClosedLoopAsync(LoadTarget target, int concurrency, TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        int completed = 0;
        int failures = 0;
        Task[] workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                if (await SendAsync(target).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref completed);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(duration + TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new ClosedLoopResult(completed, failures, completed / elapsed);
    }

    /// <summary>Sleeps while the due time is far, then yields until it: the scheduler stays within a few tens of microseconds without burning a shared core.</summary>
    private static void WaitUntil(long due)
    {
        while (true)
        {
            long remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private async Task<bool> SendTimedAsync(LoadTarget target, long scheduled, int index, double[] fromScheduled, double[] fromSent)
    {
        long sent = Stopwatch.GetTimestamp();
        bool ok = await SendAsync(target).ConfigureAwait(false);
        long done = Stopwatch.GetTimestamp();
        fromScheduled[index] = Stopwatch.GetElapsedTime(scheduled, done).TotalMilliseconds;
        fromSent[index] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
        return ok;
    }

    /// <summary>One request, its answer read to the last byte; false on an error status or a failed exchange.</summary>
    private async Task<bool> SendAsync(LoadTarget target)
    {
        if (target.Call is { } call)
        {
            return await call().ConfigureAwait(false);
        }

        try
        {
            using HttpRequestMessage request = target.CreateRequest();
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            await body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>Where a load goes: the chat completions address of one path (direct, proxy, YARP, Portkey, gateway) and the request body.</summary>
/// <param name="Name">The path's name in the report.</param>
/// <param name="Address">The full <c>…/chat/completions</c> address.</param>
/// <param name="Body">The request body bytes.</param>
public sealed record LoadTarget(string Name, Uri Address, byte[] Body)
{
    /// <summary>When set, what one request is instead of an HTTP POST of <see cref="Body"/> to <see cref="Address"/> (an in-process call).</summary>
    public Func<Task<bool>>? Call { get; init; }

    /// <summary>Headers every request carries besides its content type (Portkey's, which say where to forward).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>The child process that answers <see cref="Address"/>, whose CPU time the report divides by its answers; null for the in-process upstream and calls.</summary>
    public ChildServer? Server { get; init; }

    /// <summary>A new POST of <see cref="Body"/> as JSON to <see cref="Address"/> with <see cref="Headers"/>.</summary>
    public HttpRequestMessage CreateRequest()
    {
        HttpRequestMessage request = new(HttpMethod.Post, Address) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach ((string name, string value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}

/// <summary>The outcome of one fixed-rate run.</summary>
/// <param name="Requests">Requests scheduled (and sent).</param>
/// <param name="Failures">Requests that failed or answered an error status.</param>
/// <param name="FromScheduled">Latency from the scheduled send time to the last byte of the answer.</param>
/// <param name="FromSent">Latency from the actual send to the last byte (for comparison only).</param>
/// <param name="WorstSchedulerLagMs">The latest the scheduler ever sent after a due time.</param>
/// <param name="AchievedRate">Requests divided by the time until the last answer.</param>
public sealed record OpenLoopResult(int Requests, int Failures, LatencySummary FromScheduled, LatencySummary FromSent, double WorstSchedulerLagMs, double AchievedRate);

/// <summary>The outcome of one closed-loop (saturation) run.</summary>
/// <param name="Completed">Answers received.</param>
/// <param name="Failures">Requests that failed or answered an error status.</param>
/// <param name="PerSecond">Answers per second.</param>
public sealed record ClosedLoopResult(int Completed, int Failures, double PerSecond);

/// <summary>Median, 99th percentile and maximum of a set of figures: latencies in milliseconds, or the rounds of a saturation phase.</summary>
public sealed class LatencySummary
{
    /// <summary>Sorts a copy of <paramref name="milliseconds"/>.</summary>
    public LatencySummary(double[] milliseconds)
    {
        double[] sorted = (double[])milliseconds.Clone();
        Array.Sort(sorted);
        Median = Percentile(sorted, 0.50);
        P90 = Percentile(sorted, 0.90);
        P99 = Percentile(sorted, 0.99);
        Max = sorted.Length == 0 ? 0 : sorted[^1];
    }

    /// <summary>The 50th percentile.</summary>
    public double Median { get; }

    /// <summary>The 90th percentile.</summary>
    public double P90 { get; }

    /// <summary>The 99th percentile.</summary>
    public double P99 { get; }

    /// <summary>The largest latency.</summary>
    public double Max { get; }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Benchmarks.Gateway;
using Benchmarks.Shared;

namespace Benchmarks.Faults;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- gateway-faults [--requests 10000] [--rate 250] [--concurrency 64]
/// [--fault-every 10] [--route-timeout-seconds 1 (0: the defaults)] [--cooldown-seconds 0.25] [--rss-every 10000] [--gateway-env NAME=VALUE]… [--gateway-dll path]</c>:
/// the fault load test. The gateway (<c>sample/Gateway</c>'s net10.0 Release build, built first) serves
/// <c>local:assistant</c> over two routes: A (<see cref="FaultyUpstream"/>, weight 1), where one request in
/// <c>--fault-every</c> meets a fault, stalls before the headers and before the first content among them, and B
/// (<see cref="FixtureUpstream"/>, weight 0: a fallback only), always healthy. Requests start at a fixed rate (at most
/// <c>--concurrency</c> in flight; <c>--rate 0</c> sends as fast as that allows): a route that failed cools down, so the
/// rate, not the machine's speed, decides how often A is tried again. Half the requests are streamed. Every
/// answer is checked against the recording both routes serve (<see cref="AnswerCheck"/>), and the report gives the
/// outcomes, p50/p99 latencies, and the gateway's resident memory at start, every <c>--rss-every</c> answers and at the end.
/// Exits 1 when any request failed before its first token or any answer was spliced or silently truncated (the goals
/// are zero), so CI can run it briefly and trust the exit code. Bounded: a fixed number of requests, and the run is
/// abandoned after 20 minutes.
/// </summary>
public static class GatewayFaultCommand
{
    /// <summary>The command-line verb of the fault load test.</summary>
    public const string Verb = "gateway-faults";

    private const string RouteBKeyVariable = "GATEWAY_FAULTS_ROUTE_B_KEY";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs the fault load test and prints the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // --gateway-dll runs another build (an older one, as the baseline) under the same faults.
        int dllOption = Array.IndexOf(args, "--gateway-dll");
        string gatewayDll = dllOption >= 0 && dllOption + 1 < args.Length
            ? Path.GetFullPath(args[dllOption + 1])
            : Path.Combine(RepositoryPaths.Root, "sample", "Gateway", "bin", "Release", "net10.0", "ModelRegistry.GatewayHost.dll");
        if (!File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"Build the gateway first: dotnet build sample/Gateway/Gateway.csproj -c Release -f net10.0 (no {gatewayDll}).");
            return 2;
        }

        var settings = new FaultSettings(
            Requests: (int)Option(args, "--requests", 10_000),
            Rate: Option(args, "--rate", 250),
            Concurrency: (int)Option(args, "--concurrency", 64),
            FaultEvery: (int)Option(args, "--fault-every", 10),
            RouteTimeout: TimeSpan.FromSeconds(Option(args, "--route-timeout-seconds", 1)),
            Cooldown: TimeSpan.FromSeconds(Option(args, "--cooldown-seconds", 0.25)),
            RssEvery: (int)Option(args, "--rss-every", 10_000),
            GatewayEnvironment: Pairs(args, "--gateway-env"));
        Task<int> run = RunAllAsync(gatewayDll, settings);
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(20))).ConfigureAwait(false) != run)
        {
            Console.Error.WriteLine("The fault load test did not finish within 20 minutes.");
            return 3;
        }

        return await run.ConfigureAwait(false);
    }

    private static async Task<int> RunAllAsync(string gatewayDll, FaultSettings settings)
    {
        await using FaultyUpstream routeA = await FaultyUpstream.StartAsync(settings.FaultEvery).ConfigureAwait(false);
        await using FixtureUpstream routeB = await FixtureUpstream.StartAsync().ConfigureAwait(false);
        string overlay = WriteOverlay(routeA.BaseAddress, routeB.BaseAddress, settings);
        try
        {
            Dictionary<string, string> environment = new()
            {
                ["DOTNET_gcServer"] = "1",
                ["MODELREGISTRY_OVERLAY"] = overlay,
                [RouteBKeyVariable] = "route-b-key",
                ["Logging__LogLevel__Default"] = "Error",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            foreach ((string name, string value) in settings.GatewayEnvironment)
            {
                environment[name] = value;
            }

            using ChildServer gateway = await ChildServer.StartAsync("dotnet", [gatewayDll, "--urls", "{url}"], environment, "/v1/models", HttpStatusCode.OK, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            using HttpClient client = new(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1024,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { Timeout = FaultyUpstream.MaxStall + TimeSpan.FromSeconds(30) };
            Uri completions = new(gateway.Origin, "/v1/chat/completions");

            Console.WriteLine($"Gateway fault load test of {gatewayDll}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; route A (faulty) {routeA.BaseAddress}, route B (healthy, fallback) {routeB.BaseAddress}, gateway {gateway.Origin}");
            Console.WriteLine(string.Create(Invariant,
                $"{settings.Requests} requests, half streamed, at {settings.Rate} req/s with at most {settings.Concurrency} in flight; one request in {settings.FaultEvery} on route A faulty; route timeout {settings.RouteTimeout.TotalSeconds} s, cooldown {settings.Cooldown.TotalSeconds} s."));

            // Warm-up on the healthy path, so the memory at start is the running gateway's, not the freshly started one's.
            await RunAsync(client, completions, 200, 0, settings.Concurrency, rssEvery: 0, gateway).ConfigureAwait(false);
            long rssAtStart = gateway.ResidentBytes();
            int faultsBefore = routeA.Injected.Values.Sum();
            RunResult result = await RunAsync(client, completions, settings.Requests, settings.Rate, settings.Concurrency, settings.RssEvery, gateway).ConfigureAwait(false);
            long rssAtEnd = gateway.ResidentBytes();

            Console.WriteLine();
            Console.WriteLine("| Outcome | Non-streamed | Streamed |");
            Console.WriteLine("|---|---:|---:|");
            foreach (AnswerOutcome outcome in Enum.GetValues<AnswerOutcome>())
            {
                Console.WriteLine($"| {outcome} | {result.Count(outcome, streamed: false)} | {result.Count(outcome, streamed: true)} |");
            }

            Console.WriteLine();
            Console.WriteLine("| Requests | Median (ms) | p90 (ms) | p99 (ms) | Max (ms) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (bool streamed in new[] { false, true })
            {
                LatencySummary latency = result.Latency(streamed);
                Console.WriteLine(string.Create(Invariant,
                    $"| {(streamed ? "streamed" : "non-streamed")} | {latency.Median:F2} | {latency.P90:F2} | {latency.P99:F2} | {latency.Max:F2} |"));
            }

            Console.WriteLine();
            Console.WriteLine($"Faults injected on route A: {routeA.Injected.Values.Sum() - faultsBefore} of {routeA.Requests} requests it received "
                + $"({string.Join(", ", routeA.Injected.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}"))}).");
            Console.WriteLine(string.Create(Invariant, $"Wall time {result.Elapsed.TotalSeconds:F1} s, {settings.Requests / result.Elapsed.TotalSeconds:F0} answers/s."));
            Console.WriteLine($"Gateway resident memory: {Megabytes(rssAtStart)} MB at start (after 200 warm-up requests), "
                + string.Join("", result.ResidentCheckpoints.Select(point => $"{Megabytes(point.Bytes)} MB after {point.Requests}, "))
                + $"{Megabytes(rssAtEnd)} MB at the end.");

            int failedBefore = result.Count(AnswerOutcome.FailedBeforeFirstToken, false) + result.Count(AnswerOutcome.FailedBeforeFirstToken, true);
            int spliced = result.Count(AnswerOutcome.SplicedOrTruncated, false) + result.Count(AnswerOutcome.SplicedOrTruncated, true);
            Console.WriteLine($"Goals: failures before the first token {failedBefore} (goal 0), spliced or silently truncated answers {spliced} (goal 0).");
            foreach (string sample in result.Samples)
            {
                Console.Error.WriteLine(sample);
            }

            return failedBefore == 0 && spliced == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(overlay);
        }
    }

    /// <summary>Sends <paramref name="requests"/> requests (odd ones streamed), request <c>i</c> not before <c>i / rate</c> seconds
    /// (at once when <paramref name="rate"/> is 0), with at most <paramref name="concurrency"/> in flight.</summary>
    private static async Task<RunResult> RunAsync(HttpClient client, Uri completions, int requests, double rate, int concurrency, int rssEvery, ChildServer gateway)
    {
        var result = new RunResult(requests);
        int next = -1;
        int finished = 0;
        Stopwatch wall = Stopwatch.StartNew();
        Task[] workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (int index = Interlocked.Increment(ref next); index < requests; index = Interlocked.Increment(ref next))
            {
                bool streamed = index % 2 == 1;
                if (rate > 0 && TimeSpan.FromSeconds(index / rate) - wall.Elapsed is { Ticks: > 0 } early)
                {
                    await Task.Delay(early).ConfigureAwait(false);
                }

                long started = Stopwatch.GetTimestamp();
                (int status, string body) = await SendAsync(client, completions, streamed).ConfigureAwait(false);
                AnswerOutcome outcome = streamed ? AnswerCheck.Streamed(status, body) : AnswerCheck.NonStreamed(status, body);
                result.Record(index, streamed, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds, body);
                int done = Interlocked.Increment(ref finished);
                if (rssEvery > 0 && done % rssEvery == 0)
                {
                    result.Checkpoint(done, gateway.ResidentBytes());
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        result.Elapsed = wall.Elapsed;
        return result;
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, Uri completions, bool streamed)
    {
        using ByteArrayContent content = new(RequestBody(streamed));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        try
        {
            using HttpResponseMessage response = await client.PostAsync(completions, content).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            // The gateway's answer broke off: what a caller sees as a transport error (never expected of the gateway).
            return (0, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static readonly byte[] NonStreamedBody = Body(false);
    private static readonly byte[] StreamedBody = Body(true);

    private static byte[] RequestBody(bool streamed) => streamed ? StreamedBody : NonStreamedBody;

    /// <summary>The load test's request (one tool; the recorded non-streamed answer calls it twice).</summary>
    private static byte[] Body(bool streamed) => Encoding.UTF8.GetBytes(
        "{\"model\":\"local:assistant\",\"messages\":[{\"role\":\"user\",\"content\":\"Delete .env and test.txt\"}]," +
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"delete_file\",\"description\":\"Deletes a file\"," +
        "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}}}]" +
        (streamed ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}" : "}"));

    /// <summary>Routes <c>local:assistant</c> to A first and to B as the fallback (the offline echo route off).</summary>
    private static string WriteOverlay(Uri routeA, Uri routeB, FaultSettings settings)
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-faults-overlay-{Environment.ProcessId}.json");
        // 0 leaves the routes' time limits at the gateway's defaults (and runs against builds that have no such field).
        string timeout = settings.RouteTimeout > TimeSpan.Zero
            ? ", \"timeout_seconds\": " + settings.RouteTimeout.TotalSeconds.ToString(Invariant)
            : "";
        File.WriteAllText(path, $$"""
            {
              "cooldown_seconds": {{settings.Cooldown.TotalSeconds.ToString(Invariant)}},
              "models": {
                "local:assistant": {
                  "routes": {
                    "local": { "enabled": false },
                    "vllm": { "weight": 1, "base_url": "{{routeA}}", "provider_model_id": "gpt-4o"{{timeout}} },
                    "openrouter": { "weight": 0, "base_url": "{{routeB}}", "api_key": "${{{RouteBKeyVariable}}}", "provider_model_id": "gpt-4o"{{timeout}} }
                  }
                }
              }
            }
            """);
        return path;
    }

    private static string Megabytes(long bytes) => bytes < 0 ? "?" : (bytes / (1024.0 * 1024.0)).ToString("F0", Invariant);

    private static double Option(string[] args, string name, double fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], Invariant) : fallback;
    }

    private static List<(string Name, string Value)> Pairs(string[] args, string option)
    {
        List<(string, string)> pairs = [];
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == option && args[i + 1].Split('=', 2) is [{ Length: > 0 } name, string value])
            {
                pairs.Add((name, value));
            }
        }

        return pairs;
    }

    private sealed record FaultSettings(int Requests, double Rate, int Concurrency, int FaultEvery, TimeSpan RouteTimeout, TimeSpan Cooldown, int RssEvery,
        List<(string Name, string Value)> GatewayEnvironment);

    /// <summary>Every request's outcome and latency, the memory checkpoints, and a few bodies of unexpected answers.</summary>
    private sealed class RunResult(int requests)
    {
        private readonly AnswerOutcome[] _outcomes = new AnswerOutcome[requests];
        private readonly bool[] _streamed = new bool[requests];
        private readonly double[] _latencies = new double[requests];
        private readonly List<(int Requests, long Bytes)> _checkpoints = [];
        private readonly List<string> _samples = [];

        public TimeSpan Elapsed { get; set; }

        public IReadOnlyList<(int Requests, long Bytes)> ResidentCheckpoints
        {
            get
            {
                lock (_checkpoints)
                {
                    return _checkpoints.OrderBy(point => point.Requests).ToArray();
                }
            }
        }

        /// <summary>Up to five bodies of answers that missed a goal, for the log.</summary>
        public IReadOnlyList<string> Samples => _samples;

        public void Record(int index, bool streamed, AnswerOutcome outcome, double milliseconds, string body)
        {
            _outcomes[index] = outcome;
            _streamed[index] = streamed;
            _latencies[index] = milliseconds;
            if (outcome is AnswerOutcome.FailedBeforeFirstToken or AnswerOutcome.SplicedOrTruncated)
            {
                lock (_samples)
                {
                    if (_samples.Count < 5)
                    {
                        _samples.Add($"request {index} ({(streamed ? "streamed" : "non-streamed")}) {outcome}: {(body.Length > 600 ? body[..600] + "…" : body)}");
                    }
                }
            }
        }

        public void Checkpoint(int done, long bytes)
        {
            lock (_checkpoints)
            {
                _checkpoints.Add((done, bytes));
            }
        }

        public int Count(AnswerOutcome outcome, bool streamed)
        {
            int count = 0;
            for (int i = 0; i < _outcomes.Length; i++)
            {
                if (_streamed[i] == streamed && _outcomes[i] == outcome)
                {
                    count++;
                }
            }

            return count;
        }

        public LatencySummary Latency(bool streamed) =>
            new(_latencies.Where((_, i) => _streamed[i] == streamed).ToArray());
    }
}

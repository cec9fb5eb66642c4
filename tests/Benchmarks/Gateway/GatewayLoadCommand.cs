using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Benchmarks.Shared;

namespace Benchmarks.Gateway;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- gateway-load [--rate 300] [--seconds 5] [--concurrency 32]
/// [--saturation-seconds 5] [--rounds 1] [--warmup-seconds 2] [--gateway-dll path] [--saturation-only] [--gateway-env NAME=VALUE]… [--proxy-env NAME=VALUE]…
/// [--compare-dll path] [--compare-env NAME=VALUE]… [--redis CONFIG] [--pin] [--gateway-cpus LIST] [--load-cpus LIST] [--portkey] [--interleave]</c>:
/// in one run, the same chat completion requests (non-streaming and streaming) sent to the loopback upstream directly,
/// through <see cref="ForwardingProxy"/>, through YARP (<see cref="YarpProxy"/>, the floor every ratio is taken against)
/// and through the gateway (<c>sample/Gateway</c>'s net10.0 Release build, which must be built first), first at a fixed
/// rate, then closed-loop; the summary (<see cref="FloorComparison"/>) gives each path's added latency over direct and its
/// ratios to YARP. <c>--portkey</c> adds Portkey's gateway (<see cref="PortkeyGateway"/>, installed with npm) as a peer.
/// <c>--saturation-only</c> skips the fixed-rate phase; <c>--interleave</c> measures direct, YARP and the gateway (and gateway B) in one
/// fixed-rate phase, their requests interleaved (<see cref="LoadGenerator.RunOpenLoop(IReadOnlyList{LoadTarget}, double, TimeSpan, TimeSpan)"/>),
/// each at the full rate, so their added latencies are compared over the same seconds rather than phases a minute apart; <c>--warmup-seconds</c> sets each path's warm-up (8 in flight)
/// before it is measured: on one pinned core the JIT takes several seconds of load to finish tiering the gateway's code,
/// which is much more code than YARP's. <c>--rounds N</c> runs the saturation phase N times, every path once per round, so
/// that each ratio to YARP is taken between phases seconds apart and a machine that drifts (a loaded neighbour) moves
/// both; the summary gives the median ratio and the range over the rounds.
/// <c>--gateway-env</c>/<c>--proxy-env</c> add or override an
/// environment variable of that child (to compare GC settings, say); <c>--compare-dll</c> (another build: an assembly, or a native executable such as the AOT publish) and/or
/// <c>--compare-env</c> (other settings) start a second gateway, measured in the same run as "gateway B". Every gateway row is followed by the gateway
/// process's allocation and collections during it (from its <c>/health</c>).
/// <c>--redis CONFIG</c> (a StackExchange.Redis configuration string of a running Redis or Garnet) adds two gateway
/// instances sharing their state through it (<c>Gateway:Redis</c>), measured beside the in-process gateway in the same run:
/// the median added per request by shared state, and whether a route's limit held exactly across both
/// (<see cref="SharedLimitCheck"/>).
/// <c>--gateway-cpus LIST</c> (Linux) starts every system under test (proxy, YARP, Portkey, gateways) under <c>taskset -c LIST</c>,
/// <c>--load-cpus LIST</c> moves this process (load generator and upstream) onto the other cores, and <c>--pin</c> does both
/// with the last core for the systems under test (<see cref="CpuPinning"/>); the report says which.
/// Bounded: a fixed number of requests per phase, and the whole run is abandoned ten minutes after its phases should have ended.
/// </summary>
public static class GatewayLoadCommand
{
    /// <summary>The command-line verb of the load test.</summary>
    public const string Verb = "gateway-load";

    /// <summary>The verb under which this suite runs as the forwarding proxy's child process.</summary>
    public const string ProxyVerb = "gateway-load-proxy";

    /// <summary>The verb under which this suite runs as YARP's child process.</summary>
    public const string YarpVerb = "gateway-load-yarp";

    /// <summary>The name of the floor in the report.</summary>
    private const string FloorName = "YARP";

    private const string DirectName = "direct";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs the load test and prints the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        double rate = Option(args, "--rate", 300);
        double seconds = Option(args, "--seconds", 5);
        int concurrency = (int)Option(args, "--concurrency", 32);
        double saturationSeconds = Option(args, "--saturation-seconds", 5);
        double warmupSeconds = Option(args, "--warmup-seconds", 2);
        int rounds = Math.Max(1, (int)Option(args, "--rounds", 1));
        int dllOption = Array.IndexOf(args, "--gateway-dll");
        string gatewayDll = dllOption >= 0 && dllOption + 1 < args.Length
            ? Path.GetFullPath(args[dllOption + 1])
            : Path.Combine(RepositoryPaths.Root, "sample", "Gateway", "bin", "Release", "net10.0", "ModelRegistry.GatewayHost.dll");
        if (!File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"Build the gateway first: dotnet build sample/Gateway/Gateway.csproj -c Release -f net10.0 (no {gatewayDll}).");
            return 2;
        }

        var settings = new LoadSettings(rate, TimeSpan.FromSeconds(seconds), concurrency, TimeSpan.FromSeconds(saturationSeconds),
            args.Contains("--saturation-only"), Pairs(args, "--gateway-env"), Pairs(args, "--proxy-env"),
            Array.IndexOf(args, "--compare-dll") is int compare and >= 0 && compare + 1 < args.Length ? Path.GetFullPath(args[compare + 1]) : null,
            Pairs(args, "--compare-env"),
            Array.IndexOf(args, "--redis") is int redis and >= 0 && redis + 1 < args.Length ? args[redis + 1] : null,
            CpuPinning.FromArguments(args), args.Contains("--portkey"), TimeSpan.FromSeconds(warmupSeconds), rounds,
            args.Contains("--interleave"));
        if (!settings.Pinning.PinThisProcess())
        {
            return 2;
        }

        Task<int> run = RunAllAsync(gatewayDll, settings);
        // Ten minutes beyond what the phases themselves take (2 kinds × at most 12 paths), so a hung child ends the run.
        TimeSpan bound = TimeSpan.FromMinutes(10) + (2 * 12 * (settings.Warmup + (settings.SaturationOnly ? TimeSpan.Zero : settings.Duration) + (rounds * settings.Saturation)));
        if (await Task.WhenAny(run, Task.Delay(bound)).ConfigureAwait(false) != run)
        {
            Console.Error.WriteLine($"The gateway load test did not finish within {bound.TotalMinutes:F0} minutes.");
            return 3;
        }

        return await run.ConfigureAwait(false);
    }

    /// <summary>The forwarding proxy's child process: <c>gateway-load-proxy {listenUrl} {upstreamBase}</c>.</summary>
    public static async Task<int> RunProxyAsync(string[] args)
    {
        await ForwardingProxy.RunAsync(args[1], new Uri(args[2])).ConfigureAwait(false);
        return 0;
    }

    /// <summary>YARP's child process: <c>gateway-load-yarp {listenUrl} {upstreamBase}</c>.</summary>
    public static async Task<int> RunYarpAsync(string[] args)
    {
        await YarpProxy.RunAsync(args[1], new Uri(args[2])).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunAllAsync(string gatewayDll, LoadSettings settings)
    {
        (double rate, TimeSpan duration, int concurrency, TimeSpan saturation) = (settings.Rate, settings.Duration, settings.Concurrency, settings.Saturation);
        await using FixtureUpstream upstream = await FixtureUpstream.StartAsync().ConfigureAwait(false);
        // Both child servers get the same GC mode: the gateway's own (the Web SDK turns on server GC).
        Dictionary<string, string> common = new() { ["DOTNET_gcServer"] = "1", ["DOTNET_TieredPGO"] = "1" };
        string overlay = WriteOverlay(upstream.BaseAddress);
        try
        {
            (string proxyHost, List<string> proxyArguments) = SelfCommand();
            proxyArguments.AddRange([ProxyVerb, "{url}", upstream.BaseAddress.ToString()]);
            Dictionary<string, string> proxyEnvironment = new(common);
            foreach ((string name, string value) in settings.ProxyEnvironment)
            {
                proxyEnvironment[name] = value;
            }

            string? serverCpus = settings.Pinning.ServerCpus;
            using ChildServer proxy = await ChildServer.StartAsync(proxyHost, proxyArguments, proxyEnvironment, "/", HttpStatusCode.MethodNotAllowed, TimeSpan.FromSeconds(60), serverCpus).ConfigureAwait(false);
            (string yarpHost, List<string> yarpArguments) = SelfCommand();
            yarpArguments.AddRange([YarpVerb, "{url}", upstream.BaseAddress.ToString()]);
            using ChildServer yarp = await ChildServer.StartAsync(yarpHost, yarpArguments, proxyEnvironment, "/", HttpStatusCode.MethodNotAllowed, TimeSpan.FromSeconds(60), serverCpus).ConfigureAwait(false);
            string? portkeyFolder = settings.Portkey ? await PortkeyGateway.InstallAsync().ConfigureAwait(false) : null;
            using ChildServer? portkey = portkeyFolder is null ? null : await PortkeyGateway.StartAsync(portkeyFolder, serverCpus).ConfigureAwait(false);
            Dictionary<string, string> gatewayEnvironment = new(common)
            {
                ["MODELREGISTRY_OVERLAY"] = overlay,
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            foreach ((string name, string value) in settings.GatewayEnvironment)
            {
                gatewayEnvironment[name] = value;
            }

            using ChildServer gateway = await ChildServer.StartGatewayAsync(gatewayDll, gatewayEnvironment, serverCpus).ConfigureAwait(false);
            ChildServer? compared = null;
            if (settings.CompareDll is not null || settings.CompareEnvironment.Count > 0)
            {
                Dictionary<string, string> comparedEnvironment = new(gatewayEnvironment);
                foreach ((string name, string value) in settings.CompareEnvironment)
                {
                    comparedEnvironment[name] = value;
                }

                compared = await ChildServer.StartGatewayAsync(settings.CompareDll ?? gatewayDll, comparedEnvironment, serverCpus).ConfigureAwait(false);
            }

            using ChildServer? gatewayB = compared;

            // Two instances over one Redis, each with the in-process gateway's overlay (no limit: every request is measured).
            string sharedPrefix = $"load-{Environment.ProcessId}-{DateTime.UtcNow.Ticks}";
            ChildServer? shared1 = null, shared2 = null;
            if (settings.Redis is { } redisConfiguration)
            {
                Dictionary<string, string> sharedEnvironment = new(gatewayEnvironment)
                {
                    ["Gateway__Redis"] = redisConfiguration,
                    ["Gateway__RedisKeyPrefix"] = sharedPrefix,
                };
                shared1 = await ChildServer.StartGatewayAsync(gatewayDll, sharedEnvironment, serverCpus).ConfigureAwait(false);
                shared2 = await ChildServer.StartGatewayAsync(gatewayDll, sharedEnvironment, serverCpus).ConfigureAwait(false);
                await shared1.WaitUntilSharedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                await shared2.WaitUntilSharedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            using ChildServer? sharedOne = shared1;
            using ChildServer? sharedTwo = shared2;

            using HttpClient client = new(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 2048,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { Timeout = TimeSpan.FromSeconds(30) };
            LoadGenerator load = new(client);
            ClientCall clientCall = new(upstream.BaseAddress);

            Console.WriteLine($"Gateway load test: {Environment.ProcessorCount} cores, .NET {Environment.Version}, upstream {upstream.BaseAddress}, proxy {proxy.Origin}, YARP {yarp.Origin}, {(portkey is null ? "no Portkey" : $"Portkey {portkey.Origin}")}, gateway {gateway.Origin}");
            List<(string Name, ChildServer Server)> servers = [("proxy", proxy), (FloorName, yarp), .. (portkey is null ? Array.Empty<(string, ChildServer)>() : [("Portkey", portkey)]), ("gateway", gateway)];
            Console.WriteLine("CPU pinning: " + settings.Pinning.Describe(servers));
            foreach ((string name, string value) in settings.GatewayEnvironment.Concat(settings.ProxyEnvironment.Select(p => ("proxy " + p.Name, p.Value))))
            {
                Console.WriteLine($"Environment: {name}={value}");
            }

            if (gatewayB is not null)
            {
                Console.WriteLine($"gateway B: {settings.CompareDll ?? gatewayDll} {string.Join(" ", settings.CompareEnvironment.Select(p => p.Name + "=" + p.Value))}");
            }

            Console.WriteLine($"Open loop: {rate.ToString(Invariant)} req/s for {duration.TotalSeconds.ToString(Invariant)} s per path; closed loop: {concurrency} in flight for {saturation.TotalSeconds.ToString(Invariant)} s per path{(settings.Rounds > 1 ? $", {settings.Rounds} rounds" : "")}; warm-up {settings.Warmup.TotalSeconds.ToString(Invariant)} s per path.");
            Console.WriteLine();
            Console.WriteLine("| Request | Path | Requests | Failed | Median (ms) | p90 (ms) | p99 (ms) | Max (ms) | Median from send (ms) | Worst scheduler lag (ms) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            List<(string Kind, LoadTarget[] Targets)> kinds = [];
            Dictionary<(string Kind, string Target), double> medians = [];
            List<string> gcNotes = [];
            FloorComparison comparison = new(DirectName, FloorName);
            foreach (bool streaming in new[] { false, true })
            {
                byte[] body = RequestBody(streaming, "local:assistant");
                string kind = streaming ? "streaming" : "non-streaming";
                LoadTarget[] targets =
                [
                    new(DirectName, new Uri(upstream.BaseAddress + "/chat/completions"), body),
                    new("proxy", new Uri(proxy.Origin, "/v1/chat/completions"), body) { Server = proxy },
                    new(FloorName, new Uri(yarp.Origin, "/v1/chat/completions"), body) { Server = yarp },
                    .. (portkey is null ? Array.Empty<LoadTarget>() :
                        [new("Portkey", new Uri(portkey.Origin, "/v1/chat/completions"), body) { Server = portkey, Headers = PortkeyGateway.Headers(upstream.BaseAddress) }]),
                    new("gateway", new Uri(gateway.Origin, "/v1/chat/completions"), body) { Server = gateway },
                    .. (gatewayB is null ? Array.Empty<LoadTarget>() : [new("gateway B", new Uri(gatewayB.Origin, "/v1/chat/completions"), body) { Server = gatewayB }]),
                    .. (sharedOne is null || sharedTwo is null ? Array.Empty<LoadTarget>() :
                    [
                        new(SharedOneName, new Uri(sharedOne.Origin, "/v1/chat/completions"), body) { Server = sharedOne },
                        new(SharedTwoName, new Uri(sharedTwo.Origin, "/v1/chat/completions"), body) { Server = sharedTwo },
                    ]),
                    // The breakdown: the gateway answering from its offline echo model, so no upstream call (and a shorter
                    // answer). Non-streaming only: the echo streams its answer word by word, which is no comparison.
                    // The breakdown: the gateway's upstream client alone, in this process, against the same upstream.
                    new("ModelRegistry client alone (in process)", new Uri(upstream.BaseAddress + "/chat/completions"), body)
                    {
                        Call = streaming ? clientCall.StreamAsync : clientCall.CompleteAsync,
                    },
                    .. (streaming ? Array.Empty<LoadTarget>() : [new("gateway, local:echo (no upstream)", new Uri(gateway.Origin, "/v1/chat/completions"), RequestBody(streaming, "local:echo")) { Server = gateway }]),
                ];
                foreach (LoadTarget target in targets.Where(target => target.Call is null))
                {
                    Console.Error.WriteLine($"{kind} {target.Name}: {await DescribeAnswerAsync(client, target).ConfigureAwait(false)}");
                }

                kinds.Add((kind, targets));
                // With --interleave, direct, YARP and the gateways are measured together after every path's warm-up; the rest alone, as before.
                LoadTarget[] together = settings.Interleave ? [.. targets.Where(IsInterleaved)] : [];
                foreach (LoadTarget target in targets)
                {
                    await load.RunClosedLoopAsync(target, 8, settings.Warmup).ConfigureAwait(false);
                    if (!settings.SaturationOnly && !together.Contains(target))
                    {
                        await RunFixedRateAsync(kind, [target]).ConfigureAwait(false);
                    }
                }

                if (!settings.SaturationOnly && together.Length > 0)
                {
                    // Every path warmed up again just before, so none has sat idle through the others' phases.
                    foreach (LoadTarget target in together)
                    {
                        await load.RunClosedLoopAsync(target, 8, settings.Warmup / 2).ConfigureAwait(false);
                    }

                    await RunFixedRateAsync(kind, together).ConfigureAwait(false);
                }
            }

            // One fixed-rate phase of one path, or of several interleaved (LoadGenerator.RunOpenLoop), a row per path.
            async Task RunFixedRateAsync(string kind, LoadTarget[] phase)
            {
                LoadTarget[] gateways = [.. phase.Where(IsGateway)];
                GatewayRuntimeSnapshot[] before = new GatewayRuntimeSnapshot[gateways.Length];
                for (int i = 0; i < gateways.Length; i++)
                {
                    before[i] = await GatewayRuntimeSnapshot.ReadAsync(client, gateways[i].Address).ConfigureAwait(false);
                }

                OpenLoopResult[] results = load.RunOpenLoop(phase, rate, duration, TimeSpan.FromSeconds(30));
                for (int i = 0; i < phase.Length; i++)
                {
                    (LoadTarget target, OpenLoopResult result) = (phase[i], results[i]);
                    medians[(kind, target.Name)] = result.FromScheduled.Median;
                    comparison.AddFixedRate(kind, target.Name, result);
                    Console.WriteLine(string.Create(Invariant,
                        $"| {kind} | {target.Name}{(phase.Length > 1 ? " (interleaved)" : "")} | {result.Requests} | {result.Failures} | {result.FromScheduled.Median:F3} | {result.FromScheduled.P90:F3} | {result.FromScheduled.P99:F3} | {result.FromScheduled.Max:F3} | {result.FromSent.Median:F3} | {result.WorstSchedulerLagMs:F3} |"));
                }

                for (int i = 0; i < gateways.Length; i++)
                {
                    gcNotes.Add($"{kind} {gateways[i].Name}, fixed rate: {(await GatewayRuntimeSnapshot.ReadAsync(client, gateways[i].Address).ConfigureAwait(false)).Since(before[i], results[Array.IndexOf(phase, gateways[i])].Requests)}");
                }
            }

            Console.WriteLine();
            Console.WriteLine("| Request | Path | Round | Answers | Failed | Answers/s |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach ((string kind, LoadTarget[] targets) in kinds)
            {
                for (int round = 1; round <= settings.Rounds; round++)
                {
                    foreach (LoadTarget target in targets)
                    {
                        GatewayRuntimeSnapshot? before = IsGateway(target) ? await GatewayRuntimeSnapshot.ReadAsync(client, target.Address).ConfigureAwait(false) : null;
                        ProcessorTimes? cpuBefore = target.Server?.ProcessorTime();
                        ClosedLoopResult result = await load.RunClosedLoopAsync(target, concurrency, saturation).ConfigureAwait(false);
                        comparison.AddSaturation(kind, target.Name, result, target.Server?.ProcessorTime() - cpuBefore);
                        Console.WriteLine(string.Create(Invariant, $"| {kind} | {target.Name} | {round} | {result.Completed} | {result.Failures} | {result.PerSecond:F0} |"));
                        if (before is not null)
                        {
                            gcNotes.Add($"{kind} {target.Name}, saturation{(settings.Rounds > 1 ? $" round {round}" : "")}: {(await GatewayRuntimeSnapshot.ReadAsync(client, target.Address).ConfigureAwait(false)).Since(before, result.Completed)}");
                        }
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Against direct and {FloorName}, same run, {settings.Pinning.Mode}: added = the path's latency at the fixed rate minus direct's; " +
                $"vs {FloorName} = added minus {FloorName}'s added (and the ratio); × {FloorName} = saturation and CPU per answer (the server process's user + kernel time during saturation; then its user-mode part alone) over {FloorName}'s" +
                (settings.Rounds > 1 ? $", round by round: the median of the {settings.Rounds} rounds' ratios (and their range)." : "."));
            comparison.Print(kinds.Select(k => (k.Kind, k.Targets.Select(t => t.Name))));

            Console.WriteLine();
            Console.WriteLine("Gateway process during each phase (from its /health):");
            foreach (string note in gcNotes)
            {
                Console.WriteLine("- " + note);
            }

            if (settings.Redis is { } redis)
            {
                Console.WriteLine();
                Console.WriteLine($"Shared state over Redis ({redis}), two instances, at {rate.ToString(Invariant)} req/s each:");
                foreach ((string kind, _) in kinds)
                {
                    if (medians.TryGetValue((kind, "gateway"), out double alone) && medians.TryGetValue((kind, SharedOneName), out double one) &&
                        medians.TryGetValue((kind, SharedTwoName), out double two))
                    {
                        double added = (one + two) / 2 - alone;
                        Console.WriteLine(string.Create(Invariant,
                            $"- {kind}: median {alone:F3} ms in process, {one:F3} / {two:F3} ms over Redis: {added:+0.000;-0.000} ms per request (goal +0.2 ms or less)"));
                    }
                }

                bool held = await SharedLimitCheck.RunAsync(client, gatewayDll, gatewayEnvironment, upstream.BaseAddress, redis, sharedPrefix + "-limit").ConfigureAwait(false);
                if (!held)
                {
                    return 4;
                }
            }

            return 0;
        }
        finally
        {
            File.Delete(overlay);
        }
    }

    private const string SharedOneName = "gateway over Redis, instance 1";

    private const string SharedTwoName = "gateway over Redis, instance 2";

    private static bool IsGateway(LoadTarget target) => target.Call is null && target.Name.StartsWith("gateway", StringComparison.Ordinal);

    /// <summary>Every <c>NAME=VALUE</c> given after <paramref name="option"/> on the command line.</summary>
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

    /// <summary>What one run does: the fixed rate and its duration per path, the saturation phase, and the children's extra environment.</summary>
    private sealed record LoadSettings(double Rate, TimeSpan Duration, int Concurrency, TimeSpan Saturation, bool SaturationOnly,
        List<(string Name, string Value)> GatewayEnvironment, List<(string Name, string Value)> ProxyEnvironment,
        string? CompareDll, List<(string Name, string Value)> CompareEnvironment, string? Redis, CpuPinning Pinning, bool Portkey, TimeSpan Warmup, int Rounds,
        bool Interleave);

    /// <summary>The paths <c>--interleave</c> measures together: direct (the baseline of "added"), YARP and the gateways (not
    /// the shared-state instances, the echo model or the in-process client, which are breakdowns).</summary>
    private static bool IsInterleaved(LoadTarget target) =>
        target.Call is null && target.Name is DirectName or FloorName or "gateway" or "gateway B";

    /// <summary>A chat completion request with one tool (the recorded answer calls it twice), streaming or not.</summary>
    private static byte[] RequestBody(bool streaming, string model) => Encoding.UTF8.GetBytes(
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Delete .env and test.txt\"}]," +
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"delete_file\",\"description\":\"Deletes a file\"," +
        "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}}}]" +
        (streaming ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}" : "}"));

    /// <summary>One answer of <paramref name="target"/>, checked: status 200, and the tool calls or the final <c>[DONE]</c> of the recorded answer present.</summary>
    private static async Task<string> DescribeAnswerAsync(HttpClient client, LoadTarget target)
    {
        using HttpRequestMessage request = target.CreateRequest();
        using HttpResponseMessage response = await client.SendAsync(request).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        bool streaming = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        bool expected = response.StatusCode == HttpStatusCode.OK &&
            (target.Name.Contains("echo", StringComparison.Ordinal) || (streaming ? text.Contains("[DONE]", StringComparison.Ordinal) : text.Contains("delete_file", StringComparison.Ordinal)));
        if (!expected)
        {
            throw new InvalidOperationException($"{target.Name} answered {(int)response.StatusCode}: {text}");
        }

        return $"{(int)response.StatusCode}, {response.Content.Headers.ContentType}, {Encoding.UTF8.GetByteCount(text)} bytes";
    }

    /// <summary>The non-streamed request body of the load test, for <see cref="SharedLimitCheck"/>.</summary>
    internal static byte[] NonStreamingBody() => RequestBody(false, "local:assistant");

    /// <summary>Routes <c>local:assistant</c> to the loopback upstream only (the offline echo and OpenRouter routes off).</summary>
    internal static string WriteOverlay(Uri upstream, int? requestsPerMinute = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"gateway-load-overlay-{Environment.ProcessId}{(requestsPerMinute is null ? "" : "-limited")}.json");
        File.WriteAllText(path, $$"""
            {
              "queue_limit": {{(requestsPerMinute is null ? 64 : 0)}},
              "models": {
                "local:assistant": {
                  "routes": {
                    "vllm": { "weight": 1, "base_url": "{{upstream}}", "provider_model_id": "gpt-4o"{{(requestsPerMinute is { } rpm ? $", \"requests_per_minute\": {rpm}" : "")}} },
                    "local": { "enabled": false },
                    "openrouter": { "enabled": false }
                  }
                }
              }
            }
            """);
        return path;
    }

    /// <summary>How to start this suite again as a child process: its apphost, or <c>dotnet</c> with its assembly.</summary>
    private static (string FileName, List<string> Arguments) SelfCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? (host, [typeof(GatewayLoadCommand).Assembly.Location])
            : (host, []);
    }

    private static double Option(string[] args, string name, double fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], Invariant) : fallback;
    }
}

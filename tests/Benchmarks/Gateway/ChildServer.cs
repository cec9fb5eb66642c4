using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Benchmarks.Gateway;

/// <summary>
/// A server of the gateway load test running as a child process (the gateway, this suite's forwarding proxy or YARP, Portkey),
/// started on a free loopback port and killed with its process tree when disposed, so a run never leaves one behind.
/// </summary>
public sealed class ChildServer : IDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri origin)
    {
        _process = process;
        Origin = origin;
    }

    /// <summary>The server's <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri Origin { get; }

    /// <summary>The child's resident set size now, in bytes, from <c>/proc/{pid}/status</c> (Linux), or -1 when unknown.</summary>
    public long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }

        return -1;
    }

    /// <summary>The cores the kernel lets the child run on (its <c>Cpus_allowed_list</c>, Linux), or "unknown".</summary>
    public string AllowedCpus() => CpuPinning.AllowedCpus(_process.Id);

    /// <summary>The CPU time (every thread) the child has used since it started: in all (user and kernel) and in user mode.</summary>
    public ProcessorTimes ProcessorTime()
    {
        _process.Refresh();
        return new ProcessorTimes(_process.TotalProcessorTime, _process.UserProcessorTime);
    }

    /// <summary>Starts a gateway build: an assembly through <c>dotnet</c>, or a native executable (the AOT publish) as itself;
    /// in the build's own folder, so that it reads that folder's <c>appsettings.json</c> as a deployed gateway does; ready
    /// once <c>/v1/models</c> answers.</summary>
    public static Task<ChildServer> StartGatewayAsync(string build, IReadOnlyDictionary<string, string> environment, string? cpus = null)
    {
        bool assembly = build.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        return StartAsync(assembly ? "dotnet" : build, assembly ? [build, "--urls", "{url}"] : ["--urls", "{url}"], environment,
            "/v1/models", HttpStatusCode.OK, TimeSpan.FromSeconds(60), cpus, Path.GetDirectoryName(build));
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (where <c>{url}</c> is replaced by the listen URL) and waits until <paramref name="readyPath"/> answers <paramref name="readyStatus"/>.
    /// With <paramref name="cpus"/> (a <c>taskset -c</c> list, Linux) the child runs on those cores only, so that a measurement
    /// can keep the server and the load generator off each other's cores. <paramref name="workingDirectory"/> is where the
    /// child starts (an ASP.NET Core app's content root, where it reads its <c>appsettings.json</c>); by default this process's.</summary>
    public static async Task<ChildServer> StartAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string readyPath, HttpStatusCode readyStatus, TimeSpan timeout, string? cpus = null, string? workingDirectory = null)
    {
        Uri origin = new($"http://127.0.0.1:{FreePort()}");
        ProcessStartInfo start = new(cpus is null ? fileName : "taskset")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add(fileName);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{url}", origin.ToString().TrimEnd('/'), StringComparison.Ordinal));
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.OutputDataReceived += (_, line) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"[{Path.GetFileName(fileName)}] {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ChildServer server = new(process, origin);
        try
        {
            await server.WaitReadyAsync(readyPath, readyStatus, timeout).ConfigureAwait(false);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task WaitReadyAsync(string readyPath, HttpStatusCode readyStatus, TimeSpan timeout)
    {
        using HttpClient probe = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before answering.");
            }

            try
            {
                using HttpResponseMessage answer = await probe.GetAsync(new Uri(Origin, readyPath)).ConfigureAwait(false);
                if (answer.StatusCode == readyStatus)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server did not answer {readyPath} with {(int)readyStatus} within {timeout}.");
    }

    /// <summary>Waits until the gateway's <c>/health</c> says its state is shared (<c>"shared":true</c>): a gateway over Redis
    /// answers before its connection is up, from in-process state, and a limit measured then is each instance's own.</summary>
    public async Task WaitUntilSharedAsync(TimeSpan timeout)
    {
        using HttpClient probe = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            using HttpResponseMessage answer = await probe.GetAsync(new Uri(Origin, "/health")).ConfigureAwait(false);
            string health = await answer.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (health.Contains("\"shared\":true", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"The gateway's state was not shared within {timeout}.");
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}

/// <summary>A process's CPU time: in all (user and kernel), and the user-mode part of it (the process's own code and its
/// runtime's; the rest is the kernel's: sockets, scheduling, memory).</summary>
public readonly record struct ProcessorTimes(TimeSpan Total, TimeSpan User)
{
    /// <summary>The CPU time used between two readings.</summary>
    public static ProcessorTimes operator -(ProcessorTimes after, ProcessorTimes before) => new(after.Total - before.Total, after.User - before.User);
}

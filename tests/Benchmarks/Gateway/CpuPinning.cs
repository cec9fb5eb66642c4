using System.Diagnostics;
using System.Globalization;

namespace Benchmarks.Gateway;

/// <summary>
/// Which cores the load test's processes may run on (Linux, <c>taskset</c>). <c>--load-cpus LIST</c> pins this process —
/// the load generator and the upstream, every thread of it — and <c>--gateway-cpus LIST</c> starts every system under test
/// (the minimal proxy, YARP, Portkey and each gateway) on its own cores; <c>--pin</c> is both, with the last core for the
/// systems under test and the others for the load. Pinned, a 2-core machine gives each side one core, so a system's
/// saturation is what one core of it serves and does not depend on how the scheduler shares the cores that run.
/// </summary>
/// <param name="LoadCpus">The <c>taskset -c</c> list of this process, or null to leave it where it is.</param>
/// <param name="ServerCpus">The <c>taskset -c</c> list of every child server, or null to leave them unpinned.</param>
public sealed record CpuPinning(string? LoadCpus, string? ServerCpus)
{
    /// <summary>Reads <c>--pin</c>, <c>--load-cpus</c> and <c>--gateway-cpus</c> (an explicit list wins over <c>--pin</c>'s).</summary>
    public static CpuPinning FromArguments(string[] args)
    {
        bool pin = args.Contains("--pin");
        int last = Environment.ProcessorCount - 1;
        if (pin && last < 1)
        {
            throw new ArgumentException("--pin needs at least two cores: one for the load, one for the systems under test.");
        }

        string? load = Value(args, "--load-cpus") ?? (pin ? (last == 1 ? "0" : $"0-{last - 1}") : null);
        string? servers = Value(args, "--gateway-cpus") ?? (pin ? last.ToString(CultureInfo.InvariantCulture) : null);
        return new CpuPinning(load, servers);
    }

    /// <summary>Moves every thread of this process onto <see cref="LoadCpus"/> (threads started later inherit it); false, with the reason on standard error, when that failed.</summary>
    public bool PinThisProcess()
    {
        if (LoadCpus is null)
        {
            return true;
        }

        ProcessStartInfo start = new("taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--all-tasks", "--cpu-list", "--pid", LoadCpus, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process taskset = Process.Start(start) ?? throw new InvalidOperationException("Could not start taskset.");
            string errors = taskset.StandardError.ReadToEnd();
            taskset.StandardOutput.ReadToEnd();
            taskset.WaitForExit();
            if (taskset.ExitCode != 0)
            {
                Console.Error.WriteLine($"--load-cpus {LoadCpus}: taskset failed ({taskset.ExitCode}): {errors}");
                return false;
            }

            return true;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            Console.Error.WriteLine($"--load-cpus {LoadCpus}: taskset is needed (Linux, util-linux): {exception.Message}");
            return false;
        }
    }

    /// <summary>"pinned" (both sides), "unpinned" (neither) or "partly pinned".</summary>
    public string Mode => (LoadCpus, ServerCpus) switch
    {
        (not null, not null) => "pinned",
        (null, null) => "unpinned",
        _ => "partly pinned",
    };

    /// <summary>For the report: <see cref="Mode"/>, and the cores each side may run on, as the kernel reports them.</summary>
    public string Describe(IEnumerable<(string Name, ChildServer Server)> servers)
    {
        string children = string.Join(", ", servers.Select(server => $"{server.Name} {server.Server.AllowedCpus()}"));
        return $"{Mode}; load generator and upstream (this process) on CPUs {AllowedCpus(Environment.ProcessId)}; systems under test on CPUs: {children}";
    }

    /// <summary>The kernel's <c>Cpus_allowed_list</c> of a process (Linux), or "unknown".</summary>
    public static string AllowedCpus(int processId)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    return line["Cpus_allowed_list:".Length..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to read.
        }

        return "unknown";
    }

    private static string? Value(string[] args, string option) =>
        Array.IndexOf(args, option) is int index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

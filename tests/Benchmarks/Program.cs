using Benchmarks.Faults;
using Benchmarks.Gateway;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// `gateway-load` is the gateway load test (Gateway/GatewayLoadCommand.cs), a console mode rather than a BenchmarkDotNet class;
// `gateway-load-proxy` is that test's forwarding proxy, started by it as a child process.
if (args.Length > 0 && args[0] == GatewayLoadCommand.Verb)
{
    return await GatewayLoadCommand.RunAsync(args);
}

// `gateway-faults` is the fault load test (Faults/GatewayFaultCommand.cs): a faulty route and a healthy one behind the gateway.
if (args.Length > 0 && args[0] == GatewayFaultCommand.Verb)
{
    return await GatewayFaultCommand.RunAsync(args);
}

if (args.Length > 0 && args[0] == GatewayLoadCommand.ProxyVerb)
{
    return await GatewayLoadCommand.RunProxyAsync(args);
}

// `gateway-load-yarp` is that test's floor, YARP (Gateway/YarpProxy.cs), also a child process.
if (args.Length > 0 && args[0] == GatewayLoadCommand.YarpVerb)
{
    return await GatewayLoadCommand.RunYarpAsync(args);
}

// Runs the benchmarks the command line selects (see README.md), and exits non-zero when a --filter matched nothing or any
// benchmark failed, so CI can trust the exit code rather than reading the log.
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();

if (summaries.Length == 0)
{
    bool selectedBenchmarks = args.Any(arg => arg is "--filter" or "-f");
    if (selectedBenchmarks)
    {
        Console.Error.WriteLine("No benchmark matched the filter.");
        return 1;
    }

    return 0;
}

Summary[] failed = summaries
    .Where(summary => summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(report => !report.Success))
    .ToArray();
foreach (Summary summary in failed)
{
    Console.Error.WriteLine($"Benchmark run failed: {summary.Title}");
}

return failed.Length == 0 ? 0 : 1;

using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

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

using System.Globalization;

namespace Benchmarks.Gateway;

/// <summary>
/// The summary of the gateway load test: every path against the two baselines of the same run — the upstream called
/// directly (added latency = the path's latency minus direct's, at the fixed rate, median and p99) and the floor, YARP
/// (each path's added latency, saturation and CPU per answer as a ratio to YARP's). A ratio is only as good as the run:
/// both figures come from the same process, minutes apart at most.
/// </summary>
public sealed class FloorComparison(string directName, string floorName)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly Dictionary<(string Kind, string Path), LatencySummary> _fixedRate = [];
    private readonly Dictionary<(string Kind, string Path), (double PerSecond, double? CpuMicrosecondsPerAnswer)> _saturation = [];

    /// <summary>Records a fixed-rate phase.</summary>
    public void AddFixedRate(string kind, string path, OpenLoopResult result) => _fixedRate[(kind, path)] = result.FromScheduled;

    /// <summary>Records a saturation phase and, for a child process, the CPU time it used during it.</summary>
    public void AddSaturation(string kind, string path, ClosedLoopResult result, TimeSpan? cpu) =>
        _saturation[(kind, path)] = (result.PerSecond, cpu is { } used && result.Completed > 0 ? used.TotalMicroseconds / result.Completed : null);

    /// <summary>Prints one row per path of each kind (direct left out: it is the zero of added latency).</summary>
    public void Print(IEnumerable<(string Kind, IEnumerable<string> Paths)> kinds)
    {
        Console.WriteLine($"| Request | Path | Added median (ms) | vs {floorName} | Added p99 (ms) | vs {floorName} | Answers/s | × {floorName} | CPU per answer (µs) | × {floorName} |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string kind, IEnumerable<string> paths) in kinds)
        {
            (double Median, double P99)? floorAdded = Added(kind, floorName);
            (double PerSecond, double? Cpu)? floorSaturation = _saturation.TryGetValue((kind, floorName), out var floor) ? floor : null;
            foreach (string path in paths.Where(path => path != directName))
            {
                (double Median, double P99)? added = Added(kind, path);
                (double PerSecond, double? Cpu)? saturation = _saturation.TryGetValue((kind, path), out var measured) ? measured : null;
                bool isFloor = path == floorName;
                Console.WriteLine(string.Create(Invariant,
                    $"| {kind} | {path} | {Milliseconds(added?.Median)} | {(isFloor ? "—" : Against(added?.Median, floorAdded?.Median))} " +
                    $"| {Milliseconds(added?.P99)} | {(isFloor ? "—" : Against(added?.P99, floorAdded?.P99))} " +
                    $"| {(saturation is { } s ? s.PerSecond.ToString("F0", Invariant) : "—")} | {(isFloor ? "—" : Ratio(saturation?.PerSecond, floorSaturation?.PerSecond))} " +
                    $"| {(saturation?.Cpu is { } cpu ? cpu.ToString("F1", Invariant) : "—")} | {(isFloor ? "—" : Ratio(saturation?.Cpu, floorSaturation?.Cpu))} |"));
            }
        }
    }

    /// <summary>The path's median and p99 at the fixed rate minus direct's, or null when either phase did not run.</summary>
    private (double Median, double P99)? Added(string kind, string path) =>
        _fixedRate.TryGetValue((kind, path), out LatencySummary? measured) && _fixedRate.TryGetValue((kind, directName), out LatencySummary? direct)
            ? (measured.Median - direct.Median, measured.P99 - direct.P99)
            : null;

    private static string Milliseconds(double? value) => value is { } ms ? ms.ToString("+0.000;-0.000", Invariant) : "—";

    /// <summary>A latency against the floor's: the difference in milliseconds and, when both added something, the ratio
    /// (the ratio alone misleads when the floor adds almost nothing; below direct, it means nothing).</summary>
    private static string Against(double? value, double? floor) =>
        value is { } v && floor is { } f ? (v - f).ToString("+0.000;-0.000", Invariant) + (v >= 0 && f > 0 ? $" ({Ratio(v, f)})" : "") : "—";

    private static string Ratio(double? value, double? floor) =>
        value is { } v && floor is { } f && f > 0 ? (v / f).ToString("F2", Invariant) + "×" : "—";
}

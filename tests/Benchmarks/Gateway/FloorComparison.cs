using System.Globalization;

namespace Benchmarks.Gateway;

/// <summary>
/// The summary of the gateway load test: every path against the two baselines of the same run — the upstream called
/// directly (added latency = the path's latency minus direct's, at the fixed rate, median and p99) and the floor, YARP
/// (each path's added latency, saturation and CPU per answer as a ratio to YARP's). A ratio is only as good as the run:
/// both figures come from the same process, minutes apart at most. With several rounds of saturation, each round's
/// figure is divided by the floor's of the same round, and the summary gives the median of those ratios and their range.
/// </summary>
public sealed class FloorComparison(string directName, string floorName)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly Dictionary<(string Kind, string Path), LatencySummary> _fixedRate = [];
    /// <summary>Every saturation phase of a path, in the order of the rounds.</summary>
    private readonly Dictionary<(string Kind, string Path), List<Saturation>> _saturation = [];

    /// <summary>Records a fixed-rate phase.</summary>
    public void AddFixedRate(string kind, string path, OpenLoopResult result) => _fixedRate[(kind, path)] = result.FromScheduled;

    /// <summary>Records a saturation phase and, for a child process, the CPU time it used during it.</summary>
    public void AddSaturation(string kind, string path, ClosedLoopResult result, ProcessorTimes? cpu)
    {
        if (!_saturation.TryGetValue((kind, path), out List<Saturation>? rounds))
        {
            _saturation[(kind, path)] = rounds = [];
        }

        rounds.Add(cpu is { } used && result.Completed > 0
            ? new Saturation(result.PerSecond, used.Total.TotalMicroseconds / result.Completed, used.User.TotalMicroseconds / result.Completed)
            : new Saturation(result.PerSecond, null, null));
    }

    /// <summary>Prints one row per path of each kind (direct left out: it is the zero of added latency).</summary>
    public void Print(IEnumerable<(string Kind, IEnumerable<string> Paths)> kinds)
    {
        Console.WriteLine($"| Request | Path | Added median (ms) | vs {floorName} | Added p99 (ms) | vs {floorName} | Answers/s | × {floorName} | CPU per answer (µs) | × {floorName} | of which user mode (µs) | × {floorName} |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string kind, IEnumerable<string> paths) in kinds)
        {
            (double Median, double P99)? floorAdded = Added(kind, floorName);
            List<Saturation>? floorRounds = _saturation.GetValueOrDefault((kind, floorName));
            foreach (string path in paths.Where(path => path != directName))
            {
                (double Median, double P99)? added = Added(kind, path);
                List<Saturation>? rounds = _saturation.GetValueOrDefault((kind, path));
                bool isFloor = path == floorName;
                Console.WriteLine(string.Create(Invariant,
                    $"| {kind} | {path} | {Milliseconds(added?.Median)} | {(isFloor ? "—" : Against(added?.Median, floorAdded?.Median))} " +
                    $"| {Milliseconds(added?.P99)} | {(isFloor ? "—" : Against(added?.P99, floorAdded?.P99))} " +
                    $"| {Figure(rounds, static s => s.PerSecond, "F0")} | {(isFloor ? "—" : Ratios(rounds, floorRounds, static s => s.PerSecond))} " +
                    $"| {Figure(rounds, static s => s.CpuMicrosecondsPerAnswer, "F1")} | {(isFloor ? "—" : Ratios(rounds, floorRounds, static s => s.CpuMicrosecondsPerAnswer))} " +
                    $"| {Figure(rounds, static s => s.UserMicrosecondsPerAnswer, "F1")} | {(isFloor ? "—" : Ratios(rounds, floorRounds, static s => s.UserMicrosecondsPerAnswer))} |"));
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

    /// <summary>A path's saturation figure: its one value, or the median of its rounds.</summary>
    private static string Figure(List<Saturation>? rounds, Func<Saturation, double?> figure, string format)
    {
        double[] values = rounds is null ? [] : [.. rounds.Select(figure).OfType<double>()];
        return values.Length == 0 ? "—" : new LatencySummary(values).Median.ToString(format, Invariant);
    }

    /// <summary>The path's figure over the floor's, round by round: one ratio, or the median of the rounds' and their range.</summary>
    private static string Ratios(List<Saturation>? rounds, List<Saturation>? floorRounds, Func<Saturation, double?> figure)
    {
        if (rounds is null || floorRounds is null)
        {
            return "—";
        }

        List<double> ratios = [];
        for (int round = 0; round < Math.Min(rounds.Count, floorRounds.Count); round++)
        {
            if (figure(rounds[round]) is { } value && figure(floorRounds[round]) is { } floor && floor > 0)
            {
                ratios.Add(value / floor);
            }
        }

        return ratios.Count switch
        {
            0 => "—",
            1 => ratios[0].ToString("F2", Invariant) + "×",
            _ => string.Create(Invariant, $"{new LatencySummary([.. ratios]).Median:F2}× ({ratios.Min():F2}–{ratios.Max():F2})"),
        };
    }

    /// <summary>One saturation phase: answers per second, and the server's CPU per answer when it is a child process.</summary>
    private readonly record struct Saturation(double PerSecond, double? CpuMicrosecondsPerAnswer, double? UserMicrosecondsPerAnswer);
}

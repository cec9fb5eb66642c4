using System.Globalization;
using System.Text.Json;

namespace Benchmarks.Gateway;

/// <summary>
/// The gateway process's garbage-collector counters as its <c>GET /health</c> reports them (<c>runtime</c>): read before
/// and after a phase, their difference says how much the gateway allocated per answer and how often and how long it
/// paused for collections during that phase.
/// </summary>
/// <param name="Gen0">Generation 0 collections since start (a gen1 or gen2 collection counts here too).</param>
/// <param name="Gen1">Generation 1 collections since start.</param>
/// <param name="Gen2">Generation 2 collections since start.</param>
/// <param name="PauseMs">Total time the runtime was paused for collections.</param>
/// <param name="AllocatedBytes">Bytes allocated since start.</param>
/// <param name="Mode">server or workstation GC.</param>
public sealed record GatewayRuntimeSnapshot(int Gen0, int Gen1, int Gen2, double PauseMs, long AllocatedBytes, string Mode)
{
    /// <summary>Reads the <c>/health</c> <c>runtime</c> object of the gateway serving <paramref name="gatewayAddress"/>
    /// (an older build without it reads as zeros).</summary>
    public static async Task<GatewayRuntimeSnapshot> ReadAsync(HttpClient client, Uri gatewayAddress)
    {
        using JsonDocument health = JsonDocument.Parse(await client.GetStringAsync(new Uri(gatewayAddress, "/health")).ConfigureAwait(false));
        if (!health.RootElement.TryGetProperty("runtime", out JsonElement runtime))
        {
            return new GatewayRuntimeSnapshot(0, 0, 0, 0, 0, "unknown");
        }

        return new GatewayRuntimeSnapshot(
            runtime.GetProperty("gc_gen0_collections").GetInt32(),
            runtime.GetProperty("gc_gen1_collections").GetInt32(),
            runtime.GetProperty("gc_gen2_collections").GetInt32(),
            runtime.GetProperty("gc_pause_ms").GetDouble(),
            runtime.GetProperty("allocated_bytes").GetInt64(),
            runtime.GetProperty("gc_mode").GetString() ?? "");
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, over <paramref name="answers"/> answers.</summary>
    public string Since(GatewayRuntimeSnapshot before, long answers) => string.Create(CultureInfo.InvariantCulture,
        $"{(AllocatedBytes - before.AllocatedBytes) / (double)Math.Max(1, answers):F0} B allocated per answer, GCs gen0/gen1/gen2 {Gen0 - before.Gen0}/{Gen1 - before.Gen1}/{Gen2 - before.Gen2}, paused {PauseMs - before.PauseMs:F1} ms ({Mode} GC)");
}

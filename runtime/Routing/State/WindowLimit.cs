namespace ModelRegistry;

/// <summary>
/// One fixed window of a <see cref="WindowRequest"/>: take <paramref name="Units"/> in the window named
/// <paramref name="Name"/>, of length <paramref name="Length"/>, that holds at most <paramref name="Limit"/>. Windows are
/// aligned to the Unix epoch (a minute window starts on the minute), so every process that shares a store counts in the
/// same one. A call asking for more than the limit takes the limit (it would otherwise never pass).
/// </summary>
/// <param name="Name">The window's name in the store (the window's number is added to it).</param>
/// <param name="Units">What the call takes.</param>
/// <param name="Limit">What the window holds at most.</param>
/// <param name="Length">The window's length.</param>
/// <param name="Adjustable">Whether <see cref="IRoutingStateStore.Reconcile"/> changes it (tokens reconciled with real usage;
/// a request slot stays spent).</param>
internal readonly record struct WindowLimit(string Name, long Units, long Limit, TimeSpan Length, bool Adjustable)
{
    /// <summary>The window's number since the epoch at <paramref name="atMilliseconds"/>: with <see cref="Name"/>, the
    /// window's identity in a store.</summary>
    public long Index(long atMilliseconds) => atMilliseconds / LengthMilliseconds;

    public long LengthMilliseconds => Math.Max(1, (long)Length.TotalMilliseconds);

    /// <summary>The units taken: at most the limit.</summary>
    public long ClampedUnits => Math.Clamp(Units, 0, Limit);

    /// <summary>How long from <paramref name="atMilliseconds"/> until the window ends.</summary>
    public TimeSpan LeftAt(long atMilliseconds) => TimeSpan.FromMilliseconds((Index(atMilliseconds) + 1) * LengthMilliseconds - atMilliseconds);
}

/// <summary>What <see cref="IRoutingStateStore.TryAcquireAsync"/> is asked: the circuit to check (or none), and the windows.</summary>
/// <param name="Circuit">The circuit whose state admits the call, or <see langword="null"/>.</param>
/// <param name="ProbeLease">How long a half-open circuit's probe counts as out before another may go (the cooldown).</param>
/// <param name="Windows">The windows to take units in, all or none.</param>
internal readonly record struct WindowRequest(string? Circuit, TimeSpan ProbeLease, WindowLimit[] Windows);

/// <summary>What an acquisition got.</summary>
/// <param name="Allowed">Whether every window took its units and the circuit let the call through.</param>
/// <param name="RetryAfter">When a full window turned the call away: how long until that window ends.</param>
/// <param name="BlockedUntil">When the circuit turned the call away: until when it is open, paused or its probe out.</param>
/// <param name="IsProbe">Whether the call is the half-open circuit's probe.</param>
/// <param name="Circuit">The circuit as the acquisition found it (closed when none was named).</param>
/// <param name="Grant">What an allowed call holds, to adjust later.</param>
/// <param name="FullWindow">When a full window turned the call away: its index in <see cref="WindowRequest.Windows"/> (the
/// first full one), so the refusal can name the limit.</param>
internal readonly record struct WindowAdmission(
    bool Allowed, TimeSpan? RetryAfter, DateTimeOffset? BlockedUntil, bool IsProbe, CircuitReading Circuit, WindowGrant? Grant, int? FullWindow = null);

/// <summary>The windows an allowed acquisition took units in, and which store took them (a store that fell back to
/// process-local state adjusts there).</summary>
internal sealed record WindowGrant(IRoutingStateStore Issuer, WindowLimit[] Windows, long AtMilliseconds);

/// <summary>A failure counted against a circuit.</summary>
/// <param name="Pause">The pause the upstream asked for (already capped), if any.</param>
/// <param name="OpenNow">Open whatever the threshold (a refused key).</param>
/// <param name="Threshold">Consecutive failures that open the circuit.</param>
/// <param name="Cooldown">How long it stays open.</param>
internal readonly record struct CircuitFailure(TimeSpan? Pause, bool OpenNow, int Threshold, TimeSpan Cooldown);

/// <summary>A circuit's state in a store.</summary>
/// <param name="OpenUntil">When its cooldown ends (in the past: half-open), or <see langword="null"/> when closed.</param>
/// <param name="PausedUntil">When its pause ends, or <see langword="null"/>.</param>
/// <param name="Failures">Failures since its last success.</param>
/// <param name="OpenedNow">Whether the failure just recorded opened it.</param>
internal readonly record struct CircuitReading(DateTimeOffset? OpenUntil, DateTimeOffset? PausedUntil, int Failures, bool OpenedNow)
{
    /// <summary>Whether a success must be recorded to clear it: it has failures or is not closed.</summary>
    public bool NeedsSuccess => Failures > 0 || OpenUntil is not null;

    internal static DateTimeOffset? At(long milliseconds) => milliseconds > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
}

/// <summary>What backs a store now.</summary>
/// <param name="Backend"><c>in-process</c> or <c>redis</c>: what was configured.</param>
/// <param name="IsShared">Whether state is shared with other processes right now (<see langword="false"/> for a Redis store
/// that fell back to process-local state).</param>
/// <param name="Detail">Why it is not shared, when it should be.</param>
internal readonly record struct RoutingStateStatus(string Backend, bool IsShared, string? Detail);

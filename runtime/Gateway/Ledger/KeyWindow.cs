namespace ModelRegistry.Gateway;

/// <summary>
/// One fixed window of a key's rate limit, aligned to the UTC clock (a minute starts at second 0), so that every gateway
/// instance sharing a ledger counts in the same window: a shared store keys a counter by
/// (<see cref="KeyName"/>, <see cref="Kind"/>, <see cref="Start"/>) and lets it expire at <see cref="End"/>.
/// </summary>
internal readonly record struct KeyWindow(string KeyName, KeyWindowKind Kind, DateTimeOffset Start, TimeSpan Length)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public DateTimeOffset End => Start + Length;

    /// <summary>The UTC minute holding <paramref name="now"/>.</summary>
    public static KeyWindow MinuteOf(string keyName, KeyWindowKind kind, DateTimeOffset now)
    {
        long ticks = now.UtcTicks - now.UtcTicks % Minute.Ticks;
        return new KeyWindow(keyName, kind, new DateTimeOffset(ticks, TimeSpan.Zero), Minute);
    }
}

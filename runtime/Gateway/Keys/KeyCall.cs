using Microsoft.Extensions.AI;
namespace ModelRegistry.Gateway;

/// <summary>One admitted call of a caller, settled once when it ends (<see cref="SettleAsync"/>); later settlements do nothing,
/// so the endpoint can settle with the usage when it has it and again, without, on every way out.</summary>
internal sealed class KeyCall
{
    private readonly KeyPolicy _policy;
    private int _settled;

    internal KeyCall(KeyPolicy policy, GatewayKey? key, ServedModel model, KeyWindow? tokens, long reserved)
    {
        _policy = policy;
        Key = key;
        Model = model;
        TokenWindow = tokens;
        ReservedTokens = reserved;
    }

    /// <summary>The named key, or <see langword="null"/> for an unrestricted caller.</summary>
    public GatewayKey? Key { get; }

    public ServedModel Model { get; }

    /// <summary>The token window the call reserved <see cref="ReservedTokens"/> in, if the key has a token limit.</summary>
    public KeyWindow? TokenWindow { get; }

    public long ReservedTokens { get; }

    /// <summary>Charges the call from the priced usage the registry put on its answer (<paramref name="usage"/> and
    /// <paramref name="info"/>), or, with no usage, only gives its token reservation back.</summary>
    public ValueTask SettleAsync(UsageDetails? usage, RoutedCallInfo? info) =>
        Interlocked.Exchange(ref _settled, 1) == 0 ? _policy.SettleAsync(this, usage, info) : ValueTask.CompletedTask;
}

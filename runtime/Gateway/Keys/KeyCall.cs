using Microsoft.Extensions.AI;
namespace ModelRegistry.Gateway;

/// <summary>One admitted call of a caller, settled once when it ends (<see cref="SettleAsync"/>); later settlements do nothing,
/// so the endpoint can settle with the usage when it has it and again, without, on every way out.</summary>
internal sealed class KeyCall
{
    private readonly KeyPolicy _policy;
    private int _settled;
    private Task? _charging;

    internal KeyCall(KeyPolicy policy, GatewayKey? key, ServedModel model, WindowGrant? grant)
    {
        _policy = policy;
        Key = key;
        Model = model;
        Grant = grant;
    }

    /// <summary>The named key, or <see langword="null"/> for an unrestricted caller.</summary>
    public GatewayKey? Key { get; }

    public ServedModel Model { get; }

    /// <summary>The key's windows the call took units in (its token reservation is reconciled when it ends), if the key has
    /// rate limits.</summary>
    public WindowGrant? Grant { get; }

    /// <summary>Charges the call from the priced usage the registry put on its answer (<paramref name="usage"/> and
    /// <paramref name="info"/>; <paramref name="servedModel"/> when a fallback model served it), or, with no usage, only
    /// gives its token reservation back. A charge the answer need not wait for (<see cref="KeyPolicy.SettleAsync"/>) is
    /// left running: <see cref="IsCharging"/>, and <see cref="ChargedAsync"/> once the answer is sent.</summary>
    public ValueTask SettleAsync(UsageDetails? usage, RoutedCallInfo? info, string? servedModel = null) =>
        Interlocked.Exchange(ref _settled, 1) == 0 ? SettleOnceAsync(usage, info, servedModel) : ValueTask.CompletedTask;

    /// <summary>Whether the call's charge is still on its way to the store.</summary>
    public bool IsCharging => _charging is { IsCompleted: false };

    /// <summary>The call's charge, when <see cref="SettleAsync"/> left it running: to await once the answer is sent (the
    /// endpoint's <c>OnCompleted</c>), so that the request ends only once it is counted (the store bounds the wait, and its
    /// failure is logged, never thrown).</summary>
    public Task ChargedAsync() => _charging ?? Task.CompletedTask;

    private async ValueTask SettleOnceAsync(UsageDetails? usage, RoutedCallInfo? info, string? servedModel) =>
        _charging = await _policy.SettleAsync(this, usage, info, servedModel);
}

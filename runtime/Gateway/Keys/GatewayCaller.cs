namespace ModelRegistry.Gateway;

/// <summary>Who sent a request, as the key check found it (an <see cref="HttpContext"/> feature): a named key, or
/// <see langword="null"/> for one of the unrestricted <c>Gateway:ApiKeys</c> or a gateway without keys.</summary>
internal sealed class GatewayCaller(GatewayKey? key)
{
    private static readonly GatewayCaller UnrestrictedCaller = new(null);

    public GatewayKey? Key { get; } = key;

    /// <summary>The named key of the request, or <see langword="null"/> when the caller is unrestricted.</summary>
    public static GatewayKey? KeyOf(HttpContext context) => context.Features.Get<GatewayCaller>()?.Key;

    public static void Set(HttpContext context, GatewayKey? key) =>
        context.Features.Set(key is null ? UnrestrictedCaller : new GatewayCaller(key));
}

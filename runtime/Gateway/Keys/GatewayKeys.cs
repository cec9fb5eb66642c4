using System.Security.Cryptography;
using System.Text;

namespace ModelRegistry.Gateway;

/// <summary>
/// Every key the gateway accepts: the unrestricted <c>Gateway:ApiKeys</c>, the named <c>Gateway:Keys:{name}</c> and the
/// <c>Gateway:AdminKey</c>. A presented key is compared with all of them in constant time, so neither the answer's timing
/// nor which key matched tells anything about how close a guess was. The secrets never leave this class.
/// </summary>
internal sealed class GatewayKeys
{
    private readonly byte[][] _secrets;
    private readonly GatewayKey?[] _owners;
    private readonly int _unrestricted;
    private readonly byte[]? _admin;

    /// <param name="unrestricted">The keys of <c>Gateway:ApiKeys</c>.</param>
    /// <param name="named">The named keys with their secrets.</param>
    /// <param name="admin">The admin key, or <see langword="null"/> when the admin read-out is off.</param>
    public GatewayKeys(IReadOnlyList<string> unrestricted, IReadOnlyList<(GatewayKey Key, string Secret)> named, string? admin)
    {
        _unrestricted = unrestricted.Count;
        _secrets = [.. unrestricted.Select(Encoding.UTF8.GetBytes), .. named.Select(n => Encoding.UTF8.GetBytes(n.Secret))];
        _owners = [.. unrestricted.Select(_ => (GatewayKey?)null), .. named.Select(n => n.Key)];
        Named = named.Select(n => n.Key).ToList();
        _admin = admin is null ? null : Encoding.UTF8.GetBytes(admin);
    }

    /// <summary>The named keys, in configuration order.</summary>
    public IReadOnlyList<GatewayKey> Named { get; }

    /// <summary>Whether <c>/v1</c> needs a key: any unrestricted or named key is configured.</summary>
    public bool RequireClientKey => _secrets.Length > 0;

    /// <summary>Whether the admin read-out is served (<c>Gateway:AdminKey</c> is set).</summary>
    public bool HasAdminKey => _admin is not null;

    /// <summary>Finds the client key <paramref name="presented"/> is: <see langword="true"/> with <paramref name="key"/> the named key
    /// (or <see langword="null"/> for an unrestricted one), else <see langword="false"/>.</summary>
    public bool TryIdentify(ReadOnlySpan<char> presented, out GatewayKey? key)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        int found = -1;
        // Every secret is compared, whichever matches: no early exit.
        for (int i = 0; i < _secrets.Length; i++)
        {
            bool equal = CryptographicOperations.FixedTimeEquals(bytes, _secrets[i]);
            found = equal ? i : found;
        }

        key = found >= _unrestricted ? _owners[found] : null;
        return found >= 0;
    }

    /// <summary>Whether <paramref name="presented"/> is the admin key (constant time).</summary>
    public bool IsAdmin(ReadOnlySpan<char> presented) =>
        _admin is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToArray()), _admin);
}

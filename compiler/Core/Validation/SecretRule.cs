using System;

namespace ModelRegistry.Compiler;

/// <summary>
/// The one rule for secrets compiled into a program (MR0013, MR0018, and the emitter's last guard): which header
/// names carry a credential, and which values are literal secrets. The parsers drop what it flags and the analyzers
/// report it; the emitter checks again only so that a spec built by hand can never write a key into an assembly.
/// </summary>
/// <remarks>
/// Before there was one rule the emitter and the analyzers disagreed: the emitter let <c>Bearer sk-${X}</c> through
/// (it looked only for <c>${</c>) while the analyzers flagged it, and the emitter treated any name containing
/// <c>authorization</c> as auth-bearing while the analyzers knew only <c>Authorization</c> and
/// <c>Proxy-Authorization</c>. The rule keeps the stricter answer of each: a credential header is any name containing
/// <c>authorization</c>, <c>key</c>, <c>token</c> or <c>secret</c>, and its value is a literal secret unless
/// everything but its <c>${NAME}</c> references is an authentication scheme.
/// </remarks>
internal static class SecretRule
{
    /// <summary>Whether a header's value authenticates: its name, ignoring case, contains <c>authorization</c>,
    /// <c>key</c>, <c>token</c> or <c>secret</c> (<c>Authorization</c>, <c>Proxy-Authorization</c>, <c>api-key</c>,
    /// <c>x-api-key</c>, <c>X-Auth-Token</c>, <c>X-Upstream-Authorization</c> …).</summary>
    public static bool IsCredentialHeader(string name)
    {
        string lower = name.ToLowerInvariant();
        return lower.Contains("authorization") || lower.Contains("key") || lower.Contains("token") || lower.Contains("secret");
    }

    /// <summary>
    /// Whether a credential value is a literal secret: it is one unless its secret part comes from the environment,
    /// that is unless it holds at least one <c>${NAME}</c> reference and, besides the references, at most an
    /// authentication scheme (<c>Bearer ${TOKEN}</c> is fine; <c>Bearer sk-123</c> and <c>Bearer sk-${REST}</c> are not).
    /// An empty value is no secret.
    /// </summary>
    public static bool IsLiteralSecret(string value)
    {
        string remainder = ProviderRules.RemoveEnvironmentReferences(value, out int references).Trim();
        if (references == 0)
        {
            return value.Trim().Length > 0;
        }

        return remainder.Length > 0
            && !string.Equals(remainder, "Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(remainder, "Basic", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(remainder, "Token", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the header <paramref name="name"/>: <paramref name="value"/> would compile a secret into the program.</summary>
    public static bool IsLiteralSecretHeader(string name, string value) => IsCredentialHeader(name) && IsLiteralSecret(value);

    /// <summary>Whether <paramref name="value"/> is exactly one <c>${NAME}</c> reference: how a route's <c>api_key</c>
    /// must be written, and the only route key the emitter writes.</summary>
    public static bool IsEnvironmentReference(string value)
    {
        string remainder = ProviderRules.RemoveEnvironmentReferences(value, out int references);
        return references == 1 && remainder.Length == 0;
    }
}

namespace ModelRegistry.Gateway;

/// <summary>What a key's window counts.</summary>
internal enum KeyWindowKind
{
    /// <summary>Requests (<c>RequestsPerMinute</c>).</summary>
    Requests,

    /// <summary>Tokens, input and output (<c>TokensPerMinute</c>).</summary>
    Tokens,
}

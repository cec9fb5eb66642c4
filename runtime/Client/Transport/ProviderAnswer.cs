namespace ModelRegistry;

/// <summary>A successful non-streamed answer: its body in a pooled buffer, and the provider's request id.
/// The caller parses <see cref="Body"/> and then calls <see cref="Release"/>; nothing parsed may point into it.</summary>
internal readonly struct ProviderAnswer(PooledBufferWriter body, string? requestId)
{
    public ReadOnlySpan<byte> Body => body.WrittenSpan;

    public ReadOnlyMemory<byte> BodyMemory => body.WrittenMemory;

    public string? RequestId => requestId;

    /// <summary>The body's buffer itself, for a caller that forwards the bytes and releases them later.</summary>
    public PooledBufferWriter Buffer => body;

    /// <summary>Gives the body's buffer back to the pool.</summary>
    public void Release() => body.Return();
}

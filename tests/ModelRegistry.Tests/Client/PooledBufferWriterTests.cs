namespace ModelRegistry.Tests.Client;

/// <summary>The pooled buffer request and answer bodies are written into.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Writing_past_the_first_array_keeps_every_byte_in_order()
    {
        var writer = new PooledBufferWriter(16);
        for (int value = 0; value < 10_000; value++)
        {
            Span<byte> span = writer.GetSpan(1);
            span[0] = (byte)(value % 251);
            writer.Advance(1);
        }

        Assert.Equal(10_000, writer.WrittenCount);
        for (int index = 0; index < 10_000; index++)
        {
            Assert.Equal((byte)(index % 251), writer.WrittenSpan[index]);
        }

        writer.Return();
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Advancing_past_the_array_is_refused()
    {
        var writer = new PooledBufferWriter(16);
        int free = writer.GetSpan().Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(free + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }
}

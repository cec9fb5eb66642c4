using System.Runtime.CompilerServices;

namespace ModelRegistry;

/// <summary>
/// The body of a streamed answer, read with its two limits: the provider may go at most the stream idle timeout
/// without sending a byte, and one server-sent event (the bytes since the last blank line) may be at most the answer
/// size limit. Either failure ends the read with a <see cref="ChatProviderException"/>; the caller's own
/// cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// One cancellation source serves the whole stream: its timer is armed (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>)
/// only while a read waits for the network and disarmed when it returns, and the caller's token is linked to it by a
/// registration, so a stream costs one source, not a delay task or a linked source per read. Bytes already
/// buffered by the connection return at once, without touching the timer. Counting the event's bytes here lets a
/// huge event fail at the limit, before <see cref="System.Net.ServerSentEvents.SseParser"/> has buffered it whole.
/// </remarks>
internal sealed class GuardedAnswerStream : Stream
{
    private readonly Stream _inner;
    private readonly ChatModelConfiguration _configuration;
    private readonly string? _requestId;
    private readonly TimeSpan _idleTimeout;
    private readonly long _maxEventBytes;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _silence = new();
    private readonly CancellationTokenRegistration _link;
    private long _eventLength;
    private long _lineLength;
    private bool _afterCarriageReturn;

    /// <param name="inner">The answer's content stream; disposed with this one.</param>
    /// <param name="configuration">The model's configuration: its limits, and the names the failures give.</param>
    /// <param name="requestId">The provider's request id, for the failures' messages.</param>
    /// <param name="maxEventBytes">The largest event, or <see cref="long.MaxValue"/> when the body is not an event stream.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public GuardedAnswerStream(Stream inner, ChatModelConfiguration configuration, string? requestId, long maxEventBytes, CancellationToken cancellationToken)
    {
        _inner = inner;
        _configuration = configuration;
        _requestId = requestId;
        _idleTimeout = AnswerLimits.StreamIdleTimeout(configuration);
        _maxEventBytes = maxEventBytes;
        _callerToken = cancellationToken;
        _link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _silence);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads what the provider sent next. The token passed is the caller's (the readers pass theirs on), which
    /// already cancels the stream's own source.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ValueTask<int> pending = _inner.ReadAsync(buffer, _silence.Token);
        if (pending.IsCompletedSuccessfully)
        {
            int read = pending.Result;
            Count(buffer.Span[..read]);
            return new ValueTask<int>(read);
        }

        return WaitAsync(pending, buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WaitAsync(ValueTask<int> pending, Memory<byte> buffer)
    {
        int read;
        _silence.CancelAfter(_idleTimeout);
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException && _silence.IsCancellationRequested)
        {
            if (_callerToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(exception.Message, exception, _callerToken);
            }

            throw AnswerLimits.WentSilent(_configuration, _idleTimeout, _requestId, exception);
        }
        finally
        {
            if (!_silence.IsCancellationRequested)
            {
                _silence.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }

        Count(buffer.Span[..read]);
        return read;
    }

    /// <summary>Ends the read in flight (as the idle limit would): for a reader that gives the stream up while a read
    /// it started is still waiting, which must end before the reader can be disposed.</summary>
    public void Abort() => _silence.Cancel();

    /// <summary>Synchronous reads (no reader of the library makes them) are not bounded in time, only in size.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = _inner.Read(buffer, offset, count);
        Count(buffer.AsSpan(offset, read));
        return read;
    }

    /// <summary>Counts the bytes of the current event; a blank line (CR, LF or CRLF ends a line) starts the next one.</summary>
    private void Count(ReadOnlySpan<byte> data)
    {
        if (_maxEventBytes == long.MaxValue)
        {
            return;
        }

        ReadOnlySpan<byte> rest = data;
        while (true)
        {
            int end = rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                if (!rest.IsEmpty)
                {
                    _lineLength += rest.Length;
                    _eventLength += rest.Length;
                    _afterCarriageReturn = false;
                }

                break;
            }

            // The LF of a CRLF split from its CR ends nothing: the CR already ended the line.
            bool secondHalfOfCrLf = end == 0 && _afterCarriageReturn && rest[0] == (byte)'\n';
            _afterCarriageReturn = rest[end] == (byte)'\r';
            if (!secondHalfOfCrLf)
            {
                bool blank = _lineLength + end == 0;
                _eventLength = blank ? 0 : _eventLength + end + 1;
                _lineLength = 0;
            }

            rest = rest[(end + 1)..];
            if (_eventLength > _maxEventBytes)
            {
                break;
            }
        }

        if (_eventLength > _maxEventBytes)
        {
            throw AnswerLimits.TooLarge(_configuration, "a stream event", _maxEventBytes, _requestId);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _link.Dispose();
            _silence.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _link.DisposeAsync().ConfigureAwait(false);
        _silence.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}

using System.Buffers;
using System.IO.Pipelines;

namespace ModelRegistry.Gateway;

/// <summary>
/// Sends a whole JSON answer that was written into a buffer first, with its <c>Content-Length</c>: Kestrel then sends the
/// headers and the body in one write and has nothing left to send when the handler returns. Written straight into the
/// response instead, the answer would go out chunked, and the chunked body's end would cost a second write per answer.
/// </summary>
internal static class JsonAnswer
{
    /// <summary>The capacity to start the buffer of a chat answer with: most answers fit, a larger one grows it.</summary>
    public const int InitialCapacity = 2048;

    /// <summary>Writes the answer (<paramref name="write"/>, given <paramref name="state"/>) into a pooled buffer of
    /// <paramref name="capacity"/> bytes to start with, sets the headers, copies it into the response and sends it within
    /// <paramref name="cancellationToken"/> (the request's time limit: a client that stops reading cannot hold the request
    /// open). The buffer goes back to the pool once its bytes were copied.</summary>
    public static ValueTask<FlushResult> SendAsync<TState>(
        HttpResponse response, int capacity, TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        var answer = new PooledBufferWriter(capacity);
        try
        {
            write(answer, state);
            response.ContentType = "application/json";
            response.ContentLength = answer.WrittenCount;
            response.BodyWriter.Write(answer.WrittenSpan);
        }
        finally
        {
            answer.Return();
        }

        return response.BodyWriter.FlushAsync(cancellationToken);
    }
}

using System.Runtime.ExceptionServices;

namespace ModelRegistry;

/// <summary>Reads a stream on a route until its first content, for both kinds of streamed call (updates and passed-through
/// batches of events): until then a failure or a silent route may still move the call to another route.</summary>
internal static class StreamOpener
{
    /// <summary>What arrived until the first content (inclusive), whether the stream goes on, and the failure it met, as
    /// the route call's result (<paramref name="opening"/> makes it of the stream, the buffer and whether more follows). Only
    /// the caller's own cancellation is thrown, after the stream is disposed.</summary>
    /// <remarks>It makes the opening itself, so that a route call returns this method's task as it is: one asynchronous
    /// layer per stream, not one more around it.</remarks>
    public static async ValueTask<RouteCallResult<TOpening>> OpenAsync<T, TOpening>(
        IAsyncEnumerator<T> stream, Func<T, bool> hasContent, Func<IAsyncEnumerator<T>, List<T>, bool, TOpening> opening, CancellationToken callerToken)
    {
        // Nearly always one: the first read of a stream usually carries its first content.
        var buffered = new List<T>(1);
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (hasContent(stream.Current))
                {
                    return new(opening(stream, buffered, true), null);
                }
            }

            return new(opening(stream, buffered, false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !callerToken.IsCancellationRequested)
        {
            return new(opening(stream, buffered, false), ExceptionDispatchInfo.Capture(exception));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

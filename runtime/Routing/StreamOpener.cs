using System.Runtime.ExceptionServices;

namespace ModelRegistry;

/// <summary>Reads a stream on a route until its first content, for both kinds of streamed call (updates and passed-through
/// batches of events): until then a failure or a silent route may still move the call to another route.</summary>
internal static class StreamOpener
{
    /// <summary>What arrived until the first content (inclusive), whether the stream goes on, and the failure it met. Only
    /// the caller's own cancellation is thrown, after the stream is disposed.</summary>
    public static async ValueTask<(List<T> Buffered, bool HasMore, ExceptionDispatchInfo? Failure)> OpenAsync<T>(
        IAsyncEnumerator<T> stream, Func<T, bool> hasContent, CancellationToken callerToken)
    {
        var buffered = new List<T>();
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (hasContent(stream.Current))
                {
                    return (buffered, true, null);
                }
            }

            return (buffered, false, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !callerToken.IsCancellationRequested)
        {
            return (buffered, false, ExceptionDispatchInfo.Capture(exception));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

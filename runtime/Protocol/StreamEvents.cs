using System.Net.ServerSentEvents;

namespace ModelRegistry.Protocol;

/// <summary>The step both stream readers (chat completions and the Responses API) take for every event.</summary>
internal static class StreamEvents
{
    /// <summary>
    /// Advances to the next event. A connection that breaks mid-stream becomes a <see cref="ChatProviderException"/>
    /// naming the provider, so a cut stream is never mistaken for the end of a short answer.
    /// </summary>
    public static async ValueTask<bool> MoveNextAsync<T>(
        IAsyncEnumerator<SseItem<T>> events, ChatModelConfiguration configuration, string? requestId)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw ProviderError.Incomplete(configuration, "broke off before it was complete.", requestId, exception);
        }
    }
}

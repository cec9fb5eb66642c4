using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>The accounting of a stream passed through as bytes (<see cref="IChatEventStreamClient"/>): the usage of its end
/// event completed and priced as <see cref="GetStreamingResponseAsync"/> does an update's, an estimate from the characters
/// the chunks carried when the upstream reported none.</summary>
internal sealed partial class UsageAccountingChatClient : IChatEventStreamClient
{
    /// <inheritdoc/>
    public bool CanStreamEvents(ChatOptions? options) => InnerClient is IChatEventStreamClient inner && inner.CanStreamEvents(options);

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatCompletionBatch> StreamEventsAsync(
        IList<ChatMessage> history, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long characters = 0;
        var inner = (IChatEventStreamClient)InnerClient;
        await foreach (ChatCompletionBatch batch in inner.StreamEventsAsync(history, options, cancellationToken).ConfigureAwait(false))
        {
            // The last batch's own chunks count too: they came before its end.
            characters += batch.OutputCharacters;
            if (batch.End is { } end)
            {
                end.Usage = Account(end.Usage, end.Properties ??= [], history, options, characters);
            }

            yield return batch;
        }
    }
}

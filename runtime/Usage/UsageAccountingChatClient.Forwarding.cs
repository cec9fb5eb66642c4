using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>The accounting of a forwarded call (<see cref="IChatForwardingClient"/>): its usage completed and priced as
/// <see cref="GetResponseAsync"/> and the event streams do, the prompt's estimate read from the forwarded bytes.</summary>
internal sealed partial class UsageAccountingChatClient : IChatForwardingClient
{
    /// <inheritdoc/>
    public bool CanForward(Protocol.ChatCompletions.ChatRequestHead head) => InnerClient is IChatForwardingClient inner && inner.CanForward(head);

    /// <inheritdoc/>
    public async Task<ForwardedAnswer> ForwardAsync(ForwardedChatRequest request, CancellationToken cancellationToken)
    {
        ForwardedAnswer answer = await ((IChatForwardingClient)InnerClient).ForwardAsync(request, cancellationToken).ConfigureAwait(false);
        long characters = 0;
        if (answer.Parsed is { } parsed && NeedsEstimate(parsed.Usage, parsed.AdditionalProperties))
        {
            IList<ChatMessage> messages = parsed.Messages;
            for (int i = 0; i < messages.Count; i++)
            {
                characters += CountOutputCharacters(messages[i].Contents);
            }
        }

        answer.Usage = Account(answer.Usage, answer.Properties ??= [], null, null, request.Head, characters);
        if (answer.Parsed is { } response)
        {
            response.Usage = answer.Usage;
        }

        return answer;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatCompletionBatch> ForwardEventsAsync(ForwardedChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long characters = 0;
        var inner = (IChatForwardingClient)InnerClient;
        await foreach (ChatCompletionBatch batch in inner.ForwardEventsAsync(request, cancellationToken).ConfigureAwait(false))
        {
            // The last batch's own chunks count too: they came before its end.
            characters += batch.OutputCharacters;
            if (batch.End is { } end)
            {
                end.Usage = Account(end.Usage, end.Properties ??= [], null, null, request.Head, characters);
            }

            yield return batch;
        }
    }
}

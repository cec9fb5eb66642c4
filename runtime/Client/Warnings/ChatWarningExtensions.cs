using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>Reads the <see cref="ChatWarning"/>s of a call from its response, or from the streamed update that carries them.</summary>
public static class ChatWarningExtensions
{
    /// <summary>What the client changed about the call that produced <paramref name="response"/>; empty when nothing was changed.
    /// A response assembled from a stream (<c>ToChatResponse()</c>) works too: it keeps an update's properties on its message.</summary>
    public static IReadOnlyList<ChatWarning> GetWarnings(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        IReadOnlyList<ChatWarning> warnings = ChatWarnings.ReadFrom(response.AdditionalProperties);
        if (warnings.Count > 0)
        {
            return warnings;
        }

        foreach (ChatMessage message in response.Messages)
        {
            warnings = ChatWarnings.ReadFrom(message.AdditionalProperties);
            if (warnings.Count > 0)
            {
                return warnings;
            }
        }

        return warnings;
    }

    /// <summary>
    /// The warnings a streamed update carries: the first update of a stream carries all of the call's warnings, so that
    /// they are seen before the answer; every other update has none. <c>ToChatResponse()</c> keeps them.
    /// </summary>
    public static IReadOnlyList<ChatWarning> GetWarnings(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return ChatWarnings.ReadFrom(update.AdditionalProperties);
    }
}

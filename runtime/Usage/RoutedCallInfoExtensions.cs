using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>Reads <see cref="RoutedCallInfo"/> from responses of a <see cref="RoutedChatClient"/> or of any model a
/// registry loaded (usage accounting applies to every model).</summary>
public static class RoutedCallInfoExtensions
{
    /// <summary>The routing details of a response, or <see langword="null"/> when it did not come through the registry's usage accounting (a client built by hand).</summary>
    public static RoutedCallInfo? GetRoutedCallInfo(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return RoutedCallInfo.ReadFrom(response.AdditionalProperties);
    }

    /// <summary>The routing details carried by a streamed update (the one holding the usage), or <see langword="null"/>.</summary>
    public static RoutedCallInfo? GetRoutedCallInfo(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return RoutedCallInfo.ReadFrom(update.AdditionalProperties);
    }
}

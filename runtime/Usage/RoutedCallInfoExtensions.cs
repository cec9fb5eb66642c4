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

    /// <summary>The routing details of embeddings a registry's embedding model generated (the route or provider, the cost, and
    /// whether the usage is an estimate), or <see langword="null"/> for embeddings from elsewhere.</summary>
    public static RoutedCallInfo? GetRoutedCallInfo<TEmbedding>(this GeneratedEmbeddings<TEmbedding> embeddings)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        return RoutedCallInfo.ReadFrom(embeddings.AdditionalProperties);
    }

    /// <summary>The routing details carried by a streamed update (the one holding the usage), or <see langword="null"/>.</summary>
    public static RoutedCallInfo? GetRoutedCallInfo(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return RoutedCallInfo.ReadFrom(update.AdditionalProperties);
    }

    /// <summary>The model (<c>provider:model</c>) that served a response of a model with fallback models (itself or a
    /// fallback), or <see langword="null"/> for a model without fallbacks.</summary>
    public static string? GetServedModel(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(RoutedCallInfo.ServedModelKey, out object? model) == true ? model as string : null;
    }

    /// <summary>The model that served a stream, carried by its first update and by the one holding the usage; otherwise
    /// <see langword="null"/>.</summary>
    public static string? GetServedModel(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(RoutedCallInfo.ServedModelKey, out object? model) == true ? model as string : null;
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Completes and prices the usage of every call, the way each model of a registry reports it: an estimate (marked as
/// one) when the provider sent no usage, the cost from the model's <see cref="ModelPricing"/>, and
/// <see cref="RoutedCallInfo"/> in the response's (or the usage update's) <c>AdditionalProperties</c>. A stream the
/// provider ended without usage gets one last update holding the estimate.
/// </summary>
/// <remarks>
/// The loader puts this layer over every plain model (<see cref="GeneratedRegistrySupport"/>), and a
/// <see cref="RoutedChatClient"/> puts one over each of its routes (a route has its own name and pricing). Layers may
/// nest (a route whose client is itself a loaded model): the outer one reads the inner one's estimated flag, prices
/// again with its own pricing and name, and never appends a second usage update, so the outermost layer's view wins.
/// </remarks>
internal sealed partial class UsageAccountingChatClient : DelegatingChatClient
{
    private readonly string _name;
    private readonly ModelPricing? _pricing;

    /// <param name="innerClient">The client whose calls are accounted.</param>
    /// <param name="name">What <see cref="RoutedCallInfo.Route"/> reports: the route's name, or the provider's for a plain model.</param>
    /// <param name="pricing">The prices of a call, or <see langword="null"/> for no cost.</param>
    public UsageAccountingChatClient(IChatClient innerClient, string name, ModelPricing? pricing)
        : base(innerClient)
    {
        _name = name;
        _pricing = pricing;
    }

    /// <summary>The client under this layer, or <paramref name="client"/> itself when it has no accounting layer on top:
    /// a router accounts per route and does not want a loaded model's own layer under its own.</summary>
    public static IChatClient Unwrap(IChatClient client) => client is UsageAccountingChatClient accounted ? accounted.InnerClient : client;

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        long characters = 0;
        if (NeedsEstimate(response.Usage, response.AdditionalProperties))
        {
            // Indexed: a foreach over the IList would box an enumerator per message.
            IList<ChatMessage> answer = response.Messages;
            for (int i = 0; i < answer.Count; i++)
            {
                characters += CountOutputCharacters(answer[i].Contents);
            }
        }

        response.Usage = Account(response.Usage, response.AdditionalProperties ??= [], messages, options, characters);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long characters = 0;
        bool accounted = false;
        string? responseId = null, modelId = null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            responseId ??= update.ResponseId;
            modelId ??= update.ModelId;
            // Indexed: a foreach over the IList would box an enumerator for every streamed update.
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                if (contents[i] is UsageContent usage)
                {
                    usage.Details = Account(usage.Details, update.AdditionalProperties ??= [], messages, options, characters);
                    accounted = true;
                }
                else
                {
                    characters += UsageEstimator.CountOutputCharacters(contents[i]);
                }
            }

            yield return update;
        }

        if (!accounted)
        {
            // The provider sent no usage: report an estimate, marked as one, in a last update of its own.
            var usageUpdate = new ChatResponseUpdate { ResponseId = responseId, ModelId = modelId, Contents = [] };
            usageUpdate.Contents.Add(new UsageContent(Account(null, usageUpdate.AdditionalProperties = [], messages, options, characters)));
            yield return usageUpdate;
        }
    }

    /// <summary>Completes the usage (an estimate when none was reported), prices it and records <see cref="RoutedCallInfo"/>.</summary>
    private UsageDetails Account(
        UsageDetails? reported, AdditionalPropertiesDictionary properties, IEnumerable<ChatMessage> messages, ChatOptions? options, long outputCharacters) =>
        Account(reported, properties, messages, options, forwarded: null, outputCharacters);

    /// <summary>As above, for a call whose prompt is either <paramref name="messages"/> or a <paramref name="forwarded"/>
    /// body (its estimate read from the bytes; a forwarded body has no images).</summary>
    private UsageDetails Account(
        UsageDetails? reported, AdditionalPropertiesDictionary properties, IEnumerable<ChatMessage>? messages, ChatOptions? options,
        Protocol.ChatCompletions.ChatRequestHead? forwarded, long outputCharacters)
    {
        bool estimated = NeedsEstimate(reported, properties);
        UsageDetails usage;
        if (reported is null || reported.InputTokenCount is null && reported.OutputTokenCount is null)
        {
            long input = forwarded?.InputTokenEstimate ?? UsageEstimator.EstimateInputTokens(messages!, options);
            long output = UsageEstimator.EstimateOutputTokens(outputCharacters);
            usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
        }
        else
        {
            usage = reported;
            usage.TotalTokenCount ??= (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
        }

        // Images are counted only when they have a price: the walk over the history is skipped otherwise.
        int images = _pricing?.Image is > 0 && messages is not null ? UsageEstimator.CountImages(messages) : 0;
        new RoutedCallInfo(_name, estimated, CallPricing.Compute(_pricing, usage, images)).WriteTo(properties);
        return usage;
    }

    /// <summary>Whether the usage is (or already was, by an inner accounting layer) an estimate.</summary>
    private static bool NeedsEstimate(UsageDetails? reported, AdditionalPropertiesDictionary? properties) =>
        reported is null || reported.InputTokenCount is null && reported.OutputTokenCount is null ||
        properties is not null && properties.TryGetValue(RoutedCallInfo.UsageEstimatedKey, out object? flag) && flag is true;

    private static long CountOutputCharacters(IList<AIContent> contents)
    {
        long characters = 0;
        for (int i = 0; i < contents.Count; i++)
        {
            characters += UsageEstimator.CountOutputCharacters(contents[i]);
        }

        return characters;
    }
}

namespace ModelRegistry;

/// <summary>
/// Splits a batch of inputs into the requests a provider accepts: at most <c>max_batch_size</c> inputs and at most
/// <c>max_batch_tokens</c> estimated tokens (four characters a token, as the usage estimate counts) per request, in order,
/// so that joining the answers in request order puts every vector at its input's position. An input larger than the
/// token limit on its own goes alone: the provider, which counts exactly, decides whether it fits.
/// </summary>
internal static class EmbeddingBatches
{
    public static List<Range> Split(IReadOnlyList<string> inputs, int? maxBatchSize, int? maxBatchTokens)
    {
        int size = maxBatchSize is > 0 ? maxBatchSize.Value : int.MaxValue;
        long tokens = maxBatchTokens is > 0 ? maxBatchTokens.Value : long.MaxValue;
        var batches = new List<Range>();
        int start = 0;
        long used = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            long estimate = Estimate(inputs[i]);
            if (i > start && (i - start >= size || used + estimate > tokens))
            {
                batches.Add(start..i);
                start = i;
                used = 0;
            }

            used += estimate;
        }

        if (inputs.Count > start)
        {
            batches.Add(start..inputs.Count);
        }

        return batches;
    }

    public static long Estimate(string input) =>
        ((long)input.Length + UsageEstimator.CharactersPerToken - 1) / UsageEstimator.CharactersPerToken;
}

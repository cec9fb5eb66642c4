namespace ModelRegistry;

/// <summary>
/// The estimated prompt of a call is larger than the context window (<c>max_input_tokens</c>) of every route of the
/// model and of every fallback model: the call was not sent anywhere. The gateway answers it with HTTP 400 and OpenAI's
/// code <c>context_length_exceeded</c>.
/// </summary>
public sealed class ContextWindowExceededException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to change.</param>
    /// <param name="model">The model (<c>provider:model</c>) whose routes were all too small.</param>
    /// <param name="estimatedInputTokens">The estimate of the prompt's tokens.</param>
    /// <param name="maxInputTokens">The largest context window among the model's routes.</param>
    public ContextWindowExceededException(string message, string model, long estimatedInputTokens, int maxInputTokens)
        : base(message)
    {
        Model = model;
        EstimatedInputTokens = estimatedInputTokens;
        MaxInputTokens = maxInputTokens;
    }

    /// <summary>The model (<c>provider:model</c>) whose routes were all too small; after fallbacks, the last one tried.</summary>
    public string Model { get; }

    /// <summary>The estimate of the prompt's tokens (the same estimate rate limits reserve).</summary>
    public long EstimatedInputTokens { get; }

    /// <summary>The largest context window among the model's routes.</summary>
    public int MaxInputTokens { get; }
}

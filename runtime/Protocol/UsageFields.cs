using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// The names of the chat-completions <c>usage</c> object, one table for both directions: <see cref="UsageReader"/>
/// reads them (the client), <see cref="UsageWriter"/> writes them (the gateway). Pre-encoded, so neither side encodes a
/// name per answer.
/// </summary>
internal static class UsageFields
{
    public static readonly JsonEncodedText Usage = JsonEncodedText.Encode("usage");

    public static readonly JsonEncodedText PromptTokens = JsonEncodedText.Encode("prompt_tokens");

    public static readonly JsonEncodedText CompletionTokens = JsonEncodedText.Encode("completion_tokens");

    public static readonly JsonEncodedText TotalTokens = JsonEncodedText.Encode("total_tokens");

    public static readonly JsonEncodedText PromptTokensDetails = JsonEncodedText.Encode("prompt_tokens_details");

    public static readonly JsonEncodedText CompletionTokensDetails = JsonEncodedText.Encode("completion_tokens_details");

    public static readonly JsonEncodedText CachedTokens = JsonEncodedText.Encode("cached_tokens");

    public static readonly JsonEncodedText ReasoningTokens = JsonEncodedText.Encode("reasoning_tokens");

    /// <summary>The gateway's additions: the call's price from the model's pricing, and whether the counts are estimated.</summary>
    public static readonly JsonEncodedText Cost = JsonEncodedText.Encode("cost");

    public static readonly JsonEncodedText Estimated = JsonEncodedText.Encode("estimated");
}

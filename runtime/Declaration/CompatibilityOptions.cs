namespace ModelRegistry;

/// <summary>
/// How a provider's OpenAI-compatible dialect differs from OpenAI's, fully resolved: the provider's
/// declaration, overridden by the model's profile, overridden by load-time settings.
/// </summary>
public sealed record CompatibilityOptions
{
    /// <summary>The defaults of the reference library: <c>tool_choice</c> auto only, no <c>response_format</c>,
    /// reasoning discarded, usage requested, <c>reasoning_content</c>, <c>max_tokens</c>, no reasoning tag.</summary>
    public static CompatibilityOptions Default { get; } = new();

    /// <summary>The <c>tool_choice</c> values the provider accepts.</summary>
    public ToolChoiceSupport SupportedToolChoice { get; init; } = ToolChoiceSupport.Auto;

    /// <summary>The <c>response_format</c> types the provider accepts.</summary>
    public ResponseFormatSupport SupportedResponseFormat { get; init; } = ResponseFormatSupport.NotSupported;

    /// <summary>What reasoning text is sent back in history.</summary>
    public ReasoningContentKeepType ReasoningContentKeepType { get; init; } = ReasoningContentKeepType.Discard;

    /// <summary>Whether streaming requests carry <c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>The field reasoning is written back under.</summary>
    public ReasoningFieldName ReasoningFieldName { get; init; } = ReasoningFieldName.ReasoningContent;

    /// <summary>The request field for the output-token limit.</summary>
    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.MaxTokens;

    /// <summary>The tag whose block at the start of content is reasoning (<c>think</c> for <c>&lt;think&gt;…&lt;/think&gt;</c>), or <see langword="null"/>.</summary>
    public string? ReasoningTag { get; init; }
}

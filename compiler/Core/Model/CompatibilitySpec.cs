namespace ModelRegistry.Compiler;

/// <summary>
/// Compatibility options in their canonical wire spelling; <see langword="null"/> = not set at this level.
/// Layers merge declaration ← profile file ← model with <see cref="OverriddenBy"/>.
/// </summary>
/// <param name="SupportedToolChoice">Subset of <c>auto</c>, <c>none</c>, <c>required</c>, <c>specific</c>, ordinal-sorted.</param>
/// <param name="SupportedResponseFormat">Subset of <c>json_schema</c>, <c>json_mode</c> (<c>json_object</c> is normalised to <c>json_mode</c>), ordinal-sorted.</param>
/// <param name="ReasoningContentKeepType"><c>discard</c>, <c>temp</c> or <c>retain</c>.</param>
/// <param name="IncludeUsage">Whether streaming asks for usage.</param>
/// <param name="ReasoningFieldName"><c>reasoning_content</c> or <c>reasoning</c>.</param>
/// <param name="MaxTokensField"><c>max_tokens</c> or <c>max_completion_tokens</c>.</param>
/// <param name="ReasoningTag">For example <c>think</c>.</param>
internal sealed record CompatibilitySpec(
    ImmutableEquatableArray<string>? SupportedToolChoice,
    ImmutableEquatableArray<string>? SupportedResponseFormat,
    string? ReasoningContentKeepType,
    bool? IncludeUsage,
    string? ReasoningFieldName,
    string? MaxTokensField,
    string? ReasoningTag)
{
    public static CompatibilitySpec Unset { get; } = new(null, null, null, null, null, null, null);

    /// <summary>The library defaults, every value set (mirrors <c>ModelRegistry.CompatibilityOptions.Default</c>).</summary>
    public static CompatibilitySpec Defaults { get; } = new(
        new ImmutableEquatableArray<string>(new[] { "auto" }),
        ImmutableEquatableArray<string>.Empty,
        "discard",
        true,
        "reasoning_content",
        "max_tokens",
        null);

    /// <summary>This layer with every value that <paramref name="other"/> sets replaced by <paramref name="other"/>'s.</summary>
    public CompatibilitySpec OverriddenBy(CompatibilitySpec? other) => other is null ? this : new(
        other.SupportedToolChoice ?? SupportedToolChoice,
        other.SupportedResponseFormat ?? SupportedResponseFormat,
        other.ReasoningContentKeepType ?? ReasoningContentKeepType,
        other.IncludeUsage ?? IncludeUsage,
        other.ReasoningFieldName ?? ReasoningFieldName,
        other.MaxTokensField ?? MaxTokensField,
        other.ReasoningTag ?? ReasoningTag);
}

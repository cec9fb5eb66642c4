namespace ModelRegistry.Compiler;

/// <summary>
/// Compatibility options in their canonical wire spelling; <see langword="null"/> = not set at this level.
/// Layers merge declaration ← profile file ← model with <see cref="OverriddenBy"/>. Which options exist, how each is
/// read, validated, defaulted and emitted is <see cref="CompatibilityOptionTable"/>'s business: a property here is
/// only the storage of one row.
/// </summary>
internal sealed record CompatibilitySpec
{
    public static CompatibilitySpec Unset { get; } = new();

    /// <summary>The library defaults, every value set (mirrors <c>ModelRegistry.CompatibilityOptions.Default</c>).</summary>
    public static CompatibilitySpec Defaults { get; } = CompatibilityOptionTable.Defaults();

    /// <summary>Subset of <c>auto</c>, <c>none</c>, <c>required</c>, <c>specific</c>, ordinal-sorted.</summary>
    public ImmutableEquatableArray<string>? SupportedToolChoice { get; init; }

    /// <summary>Subset of <c>json_schema</c>, <c>json_mode</c> (<c>json_object</c> is normalised to <c>json_mode</c>), ordinal-sorted.</summary>
    public ImmutableEquatableArray<string>? SupportedResponseFormat { get; init; }

    /// <summary><c>discard</c>, <c>temp</c> or <c>retain</c>.</summary>
    public string? ReasoningContentKeepType { get; init; }

    /// <summary>Whether streaming asks for usage.</summary>
    public bool? IncludeUsage { get; init; }

    /// <summary><c>reasoning_content</c> or <c>reasoning</c>.</summary>
    public string? ReasoningFieldName { get; init; }

    /// <summary><c>max_tokens</c> or <c>max_completion_tokens</c>.</summary>
    public string? MaxTokensField { get; init; }

    /// <summary>For example <c>think</c>.</summary>
    public string? ReasoningTag { get; init; }

    /// <summary>This layer with every value that <paramref name="other"/> sets replaced by <paramref name="other"/>'s.</summary>
    public CompatibilitySpec OverriddenBy(CompatibilitySpec? other)
    {
        if (other is null)
        {
            return this;
        }

        CompatibilitySpec result = this;
        foreach (CompatibilityOption option in CompatibilityOptionTable.All)
        {
            if (option.Get(other) is { } value)
            {
                result = option.Set(result, value);
            }
        }

        return result;
    }
}

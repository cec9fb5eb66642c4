namespace ModelRegistry;

/// <summary>
/// Load-time changes to a model's <see cref="CompatibilityOptions"/>: each property left <see langword="null"/>
/// keeps the value resolved from the profile and the provider.
/// </summary>
public sealed record CompatibilityOverrides
{
    /// <summary>Replaces <see cref="CompatibilityOptions.SupportedToolChoice"/>.</summary>
    public ToolChoiceSupport? SupportedToolChoice { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.SupportedResponseFormat"/>.</summary>
    public ResponseFormatSupport? SupportedResponseFormat { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.ReasoningContentKeepType"/>.</summary>
    public ReasoningContentKeepType? ReasoningContentKeepType { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.IncludeUsage"/>.</summary>
    public bool? IncludeUsage { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.ReasoningFieldName"/>.</summary>
    public ReasoningFieldName? ReasoningFieldName { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.MaxTokensField"/>.</summary>
    public MaxTokensField? MaxTokensField { get; init; }

    /// <summary>Replaces <see cref="CompatibilityOptions.ReasoningTag"/>; an empty string removes the tag.</summary>
    public string? ReasoningTag { get; init; }

    /// <summary>These overrides laid over <paramref name="lower"/>: each one this record leaves <see langword="null"/> comes
    /// from <paramref name="lower"/> (load-time settings over configured ones).</summary>
    internal CompatibilityOverrides Over(CompatibilityOverrides? lower) => lower is null ? this : new CompatibilityOverrides
    {
        SupportedToolChoice = SupportedToolChoice ?? lower.SupportedToolChoice,
        SupportedResponseFormat = SupportedResponseFormat ?? lower.SupportedResponseFormat,
        ReasoningContentKeepType = ReasoningContentKeepType ?? lower.ReasoningContentKeepType,
        IncludeUsage = IncludeUsage ?? lower.IncludeUsage,
        ReasoningFieldName = ReasoningFieldName ?? lower.ReasoningFieldName,
        MaxTokensField = MaxTokensField ?? lower.MaxTokensField,
        ReasoningTag = ReasoningTag ?? lower.ReasoningTag,
    };

    /// <summary>Returns <paramref name="options"/> with every non-null override applied.</summary>
    public CompatibilityOptions ApplyTo(CompatibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            SupportedToolChoice = SupportedToolChoice ?? options.SupportedToolChoice,
            SupportedResponseFormat = SupportedResponseFormat ?? options.SupportedResponseFormat,
            ReasoningContentKeepType = ReasoningContentKeepType ?? options.ReasoningContentKeepType,
            IncludeUsage = IncludeUsage ?? options.IncludeUsage,
            ReasoningFieldName = ReasoningFieldName ?? options.ReasoningFieldName,
            MaxTokensField = MaxTokensField ?? options.MaxTokensField,
            ReasoningTag = ReasoningTag is null ? options.ReasoningTag : ReasoningTag.Length == 0 ? null : ReasoningTag,
        };
    }
}

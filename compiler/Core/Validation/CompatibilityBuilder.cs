namespace ModelRegistry.Compiler;

/// <summary>Collects the compatibility options one layer sets while it is read, then freezes them into a <see cref="CompatibilitySpec"/>.</summary>
internal sealed class CompatibilityBuilder
{
    public ImmutableEquatableArray<string>? SupportedToolChoice { get; set; }

    public ImmutableEquatableArray<string>? SupportedResponseFormat { get; set; }

    public string? ReasoningContentKeepType { get; set; }

    public bool? IncludeUsage { get; set; }

    public string? ReasoningFieldName { get; set; }

    public string? MaxTokensField { get; set; }

    public string? ReasoningTag { get; set; }

    public CompatibilitySpec Build() => new(
        SupportedToolChoice,
        SupportedResponseFormat,
        ReasoningContentKeepType,
        IncludeUsage,
        ReasoningFieldName,
        MaxTokensField,
        ReasoningTag);
}

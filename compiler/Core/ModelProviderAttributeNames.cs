namespace ModelRegistry.Compiler;

/// <summary>The property names of <c>ModelRegistry.ModelProviderAttribute</c> (the generator does not reference the runtime).</summary>
internal static class ModelProviderAttributeNames
{
    public const string Kind = nameof(Kind);
    public const string ChatClient = nameof(ChatClient);
    public const string BaseUrl = nameof(BaseUrl);
    public const string Headers = nameof(Headers);
    public const string Profiles = nameof(Profiles);
    public const string SupportedToolChoice = nameof(SupportedToolChoice);
    public const string SupportedResponseFormat = nameof(SupportedResponseFormat);
    public const string ReasoningContentKeepType = nameof(ReasoningContentKeepType);
    public const string IncludeUsage = nameof(IncludeUsage);
    public const string ReasoningFieldName = nameof(ReasoningFieldName);
    public const string MaxTokensField = nameof(MaxTokensField);
    public const string ReasoningTag = nameof(ReasoningTag);
}

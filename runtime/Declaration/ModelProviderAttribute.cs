namespace ModelRegistry;

/// <summary>
/// Declares a chat-model provider on a <c>static partial</c> registry class. The ModelRegistry source
/// generator turns every declaration into lookup code and <c>LoadChatModel</c> overloads on that class.
/// </summary>
/// <remarks>
/// Attribute arguments can only be constants, so compatibility options are flat named properties
/// that use the wire names of the reference library (for example <c>"required"</c> or <c>"json_schema"</c>).
/// Every value is validated at build time: a mistake is a compile error (MR diagnostics), never a run-time surprise.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ModelProviderAttribute : Attribute
{
    /// <summary>Declares the provider <paramref name="name"/>.</summary>
    /// <param name="name">ASCII letters, digits, <c>-</c> and <c>_</c>; compared ignoring case. It may not contain a colon,
    /// because <c>provider:model</c> splits at the first one.</param>
    public ModelProviderAttribute(string name) => Name = name;

    /// <summary>The provider name used in <c>provider:model</c> ids and as the environment-variable prefix.</summary>
    public string Name { get; }

    /// <summary>The built-in client to use: <c>"openai-compatible"</c>. Exactly one of <see cref="Kind"/>, <see cref="ChatClient"/>
    /// and <see cref="ChatClientFactory"/> is set.</summary>
    public string? Kind { get; set; }

    /// <summary>A user <c>IChatClient</c> type the generated code constructs: by the public constructor that passes the most of
    /// the resolved configuration, its parameters named <c>model</c>/<c>modelId</c>/<c>defaultModel</c>,
    /// <c>endpoint</c>/<c>baseUrl</c>/<c>apiBase</c>/<c>uri</c>/<c>uriString</c>, <c>apiKey</c> (a string, or an
    /// <c>ApiKeyCredential</c> also named <c>credential</c>), <c>settings</c>, <c>profile</c>, or typed <see cref="HttpClient"/> or
    /// <see cref="ChatModelConfiguration"/> (optional others keep their defaults), then settable properties of those names.
    /// OllamaSharp's <c>OllamaApiClient</c> is one.</summary>
    public Type? ChatClient { get; set; }

    /// <summary>A type with one <c>public static IChatClient Create(ChatModelConfiguration configuration)</c> (any name), which
    /// generated code calls directly for each model: the way in for clients a constructor cannot express, such as the official
    /// OpenAI SDK's <c>new ChatClient(model, credential, options).AsIChatClient()</c>.</summary>
    public Type? ChatClientFactory { get; set; }

    /// <summary>The default endpoint, an absolute http(s) URI. <c>{PREFIX}_API_BASE</c> and load-time settings take precedence.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Extra request headers as <c>"Name: value"</c>; a value may reference the environment as <c>${NAME}</c>.
    /// Secrets must come from the environment: a literal value of an auth-bearing header is a compile error.</summary>
    public string[]? Headers { get; set; }

    /// <summary>The path (relative to the project) of a profile JSON file that belongs to this provider.</summary>
    public string? Profiles { get; set; }

    /// <summary>The models.dev provider id (<c>togetherai</c>, <c>fireworks-ai</c>, ...) whose models in a catalog
    /// AdditionalFile (<c>api.json</c>) feed this provider's profiles; an empty string for none. Unset: the built-in
    /// mapping for a built-in name (<c>together</c> → <c>togetherai</c>), else the provider's own name.</summary>
    public string? Catalog { get; set; }

    /// <summary>The <c>tool_choice</c> values the provider accepts: a subset of <c>auto</c>, <c>none</c>, <c>required</c>, <c>specific</c>. Default: <c>auto</c>.</summary>
    public string[]? SupportedToolChoice { get; set; }

    /// <summary>The <c>response_format</c> types the provider accepts: a subset of <c>json_schema</c>, <c>json_mode</c> (alias <c>json_object</c>). Default: none.</summary>
    public string[]? SupportedResponseFormat { get; set; }

    /// <summary>What reasoning text is sent back in history: <c>discard</c> (default), <c>temp</c> or <c>retain</c>.</summary>
    public string? ReasoningContentKeepType { get; set; }

    /// <summary>Whether streaming requests ask for usage (<c>stream_options.include_usage</c>). Default: <see langword="true"/>.
    /// Left unset, a profile's value or the default applies.</summary>
    public bool IncludeUsage { get; set; } = true;

    /// <summary>The message field reasoning is written back under: <c>reasoning_content</c> (default) or <c>reasoning</c>.</summary>
    public string? ReasoningFieldName { get; set; }

    /// <summary>The request field for the output-token limit: <c>max_tokens</c> (default) or <c>max_completion_tokens</c>.</summary>
    public string? MaxTokensField { get; set; }

    /// <summary>A tag (for example <c>think</c>) whose <c>&lt;think&gt;…&lt;/think&gt;</c> block at the start of content is reasoning.</summary>
    public string? ReasoningTag { get; set; }
}

namespace ModelRegistry;

/// <summary>
/// Something the client changed about a call so the provider would accept it — a <c>tool_choice</c> replaced, a
/// <c>response_format</c> or a parameter not sent, <c>max_tokens</c> lowered — returned with the call's response
/// (see <see cref="ChatWarningExtensions.GetWarnings(Microsoft.Extensions.AI.ChatResponse)"/>) so that it is never
/// silent, whether or not a logger is configured.
/// </summary>
/// <param name="Code">What happened: <see cref="ToolChoiceChanged"/>, <see cref="ResponseFormatDropped"/>,
/// <see cref="ParameterDropped"/>, <see cref="MaxTokensClamped"/> or <see cref="OptionSkipped"/>.</param>
/// <param name="Setting">The request setting involved, by its wire name (<c>tool_choice</c>, <c>response_format</c>,
/// <c>top_k</c>, <c>max_tokens</c>, an extra body field).</param>
/// <param name="Message">A sentence for a person: what was asked, what was sent, and which setting decided it.</param>
public sealed record ChatWarning(string Code, string Setting, string Message)
{
    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> key the warnings travel under (a
    /// JSON array of <c>{"code","setting","message"}</c> objects, so a response keeps them through any serialization).</summary>
    public const string WarningsKey = "modelregistry.warnings";

    /// <summary>The provider does not accept the <c>tool_choice</c> asked for; another one, or none, was sent (<c>supported_tool_choice</c>).</summary>
    public const string ToolChoiceChanged = "tool_choice_changed";

    /// <summary>The provider does not accept the <c>response_format</c> asked for; it was not sent (<c>supported_response_format</c>).</summary>
    public const string ResponseFormatDropped = "response_format_dropped";

    /// <summary>The model's profile does not list the parameter in its <c>supported_params</c>; it was not sent.</summary>
    public const string ParameterDropped = "parameter_dropped";

    /// <summary>More output tokens were asked for than the model's profile allows (<c>max_output_tokens</c>); its limit was sent.</summary>
    public const string MaxTokensClamped = "max_tokens_clamped";

    /// <summary>An extra body value has no JSON form without reflection; it was not sent.</summary>
    public const string OptionSkipped = "option_skipped";
}

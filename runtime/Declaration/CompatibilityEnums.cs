namespace ModelRegistry;

/// <summary>The <c>tool_choice</c> values a provider accepts (<c>supported_tool_choice</c>).</summary>
[Flags]
#pragma warning disable CA1008 // The zero value is "accepts no tool_choice at all"; "None" is the wire value "none".
public enum ToolChoiceSupport
#pragma warning restore CA1008
{
    /// <summary><c>"auto"</c>.</summary>
    Auto = 1,
    /// <summary><c>"none"</c>.</summary>
    None = 2,
    /// <summary><c>"required"</c>.</summary>
    Required = 4,
    /// <summary>A named function: <c>{"type":"function","function":{"name":…}}</c>.</summary>
    Specific = 8,
}

/// <summary>The <c>response_format</c> types a provider accepts (<c>supported_response_format</c>).</summary>
[Flags]
public enum ResponseFormatSupport
{
    /// <summary>No <c>response_format</c> is sent; structured output falls back to function calling.</summary>
    NotSupported = 0,
    /// <summary><c>{"type":"json_schema"}</c>.</summary>
    JsonSchema = 1,
    /// <summary><c>{"type":"json_object"}</c> (the reference library calls it <c>json_mode</c>).</summary>
    JsonMode = 2,
}

/// <summary>What reasoning text goes back to the provider in history (<c>reasoning_content_keep_type</c>).</summary>
public enum ReasoningContentKeepType
{
    /// <summary>Reasoning is never sent back.</summary>
    Discard,
    /// <summary>Only the reasoning of assistant messages after the last user message (the current tool-calling turn).</summary>
    Temp,
    /// <summary>Reasoning of every assistant message.</summary>
    Retain,
}

/// <summary>The message field reasoning text is written back under (<c>reasoning_field_name</c>).</summary>
public enum ReasoningFieldName
{
    /// <summary><c>reasoning_content</c> (DeepSeek, vLLM, xAI, Qwen).</summary>
    ReasoningContent,
    /// <summary><c>reasoning</c> (OpenRouter, Groq, Ollama).</summary>
    Reasoning,
}

/// <summary>The request field that carries the output-token limit (<c>max_tokens_field</c>).</summary>
public enum MaxTokensField
{
    /// <summary><c>max_tokens</c>.</summary>
    MaxTokens,
    /// <summary><c>max_completion_tokens</c> (OpenAI's reasoning models require it).</summary>
    MaxCompletionTokens,
}

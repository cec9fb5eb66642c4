namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>The standard chat-completions parameters a request may set.</summary>
[Flags]
internal enum RequestParameters
{
    None = 0,
    Temperature = 1 << 0,
    TopP = 1 << 1,
    MaxTokens = 1 << 2,
    MaxCompletionTokens = 1 << 3,
    Stop = 1 << 4,
    Seed = 1 << 5,
    FrequencyPenalty = 1 << 6,
    PresencePenalty = 1 << 7,
    Tools = 1 << 8,
    ToolChoice = 1 << 9,
    JsonObjectFormat = 1 << 10,
    ReasoningEffort = 1 << 11,
}

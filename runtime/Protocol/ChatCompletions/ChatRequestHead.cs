namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// What the gateway reads of a <c>POST /v1/chat/completions</c> body without building Microsoft.Extensions.AI objects
/// (<see cref="ChatRequestHeadScanner"/>): the model asked for, whether it streams, the parameters a route's
/// compatibility rules look at, the prompt's token estimate, and where each top-level field's bytes are — enough to
/// forward the body as it is (<see cref="ForwardedChatRequest"/>).
/// </summary>
internal sealed class ChatRequestHead
{
    /// <summary>The requested model id.</summary>
    public required string Model { get; init; }

    /// <summary>Whether the answer is streamed (<c>stream: true</c>).</summary>
    public bool Stream { get; init; }

    /// <summary>Whether the client asked for the usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>Whether the body has only fields and message shapes that <see cref="ChatCompletionRequestReader"/> and
    /// <see cref="ChatCompletionRequestWriter"/> carry over unchanged (and valid values): only then may it be forwarded as
    /// it is. Anything else takes the parsed path, which reports the body's mistakes as it always has.</summary>
    public bool Forwardable { get; init; }

    /// <summary>The standard parameters the body sets.</summary>
    public RequestParameters Parameters { get; init; }

    /// <summary>The output token limit (<c>max_tokens</c> or <c>max_completion_tokens</c>), when set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The <c>tool_choice</c> asked for, when set.</summary>
    public ToolChoiceSupport? ToolChoice { get; init; }

    /// <summary>The prompt's token estimate, the number <see cref="UsageEstimator.EstimateInputTokens"/> gives for the
    /// parsed request (valid when <see cref="Forwardable"/>).</summary>
    public long InputTokenEstimate { get; init; }

    /// <summary>The top-level fields sent on as they are (all but <c>model</c>, <c>stream</c> and <c>stream_options</c>):
    /// each one's bytes from its name to the end of its value.</summary>
    public required IReadOnlyList<Range> KeptFields { get; init; }

    public bool Has(RequestParameters parameter) => (Parameters & parameter) != 0;
}

using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// What one answer accumulates across its chunks (a non-streamed answer is one chunk): tool calls being
/// assembled, the think-tag splitter, the usage (counted once, whichever chunk carries it), and whether the
/// answer reached its end — a <c>finish_reason</c> or <c>[DONE]</c>.
/// </summary>
internal sealed class ChatCompletionState
{
    private UsageDetails? _usage;
    private UsageDetails? _fallbackUsage;

    public ChatCompletionState(ChatModelConfiguration configuration, string? structuredOutputFunction)
    {
        Configuration = configuration;
        StructuredOutputFunction = structuredOutputFunction;
        if (configuration.Compatibility.ReasoningTag is { Length: > 0 } tag)
        {
            ThinkTags = new ThinkTagSplitter(tag);
        }
    }

    public ChatModelConfiguration Configuration { get; }
    public string? StructuredOutputFunction { get; }
    public ToolCallAssembler ToolCalls { get; } = new();
    public ThinkTagSplitter? ThinkTags { get; }
    public string? RequestId { get; set; }
    public string? ResponseId { get; set; }
    public string? ModelId { get; set; }

    /// <summary>The model id the client's previous answer named: when this answer names the same one, that string is
    /// kept rather than a new one allocated (a provider answers with the same model id call after call).</summary>
    public string? LastModelId { get; init; }
    public DateTimeOffset? CreatedAt { get; set; }
    public bool SawFinishReason { get; set; }

    /// <summary>The shape of the stream's last plain text chunk, which the chunks after it are compared with.</summary>
    public ChunkShape? ChunkShape { get; set; }
    public bool SawDone { get; set; }

    /// <summary>A top-level <c>usage</c>: the latest one wins (a provider sending running totals ends with the full count).</summary>
    public void SetUsage(UsageDetails usage) => _usage = usage;

    /// <summary>A copy of usage in a provider extension (Groq's <c>x_groq.usage</c>), used only when no top-level usage came.</summary>
    public void SetFallbackUsage(UsageDetails usage) => _fallbackUsage ??= usage;

    public UsageDetails? TakeUsage()
    {
        UsageDetails? usage = _usage ?? _fallbackUsage;
        _usage = null;
        _fallbackUsage = null;
        return usage;
    }

    /// <summary>Emits what is still held back: tool calls not yet flushed and text held by the think-tag splitter.</summary>
    public void Complete(IList<AIContent> into)
    {
        ThinkTags?.Complete(into);
        if (ToolCalls.HasCalls)
        {
            ToolCalls.Flush(into, StructuredOutputFunction);
        }
    }
}

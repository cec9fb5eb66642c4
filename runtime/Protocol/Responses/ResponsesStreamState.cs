namespace ModelRegistry.Protocol.Responses;

/// <summary>What one Responses API stream accumulates across its events.</summary>
internal sealed class ResponsesStreamState(ChatModelConfiguration configuration, string? structuredOutputFunction)
{
    public ChatModelConfiguration Configuration { get; } = configuration;
    public string? StructuredOutputFunction { get; } = structuredOutputFunction;
    public ToolCallAssembler ToolCalls { get; } = new();
    public string? RequestId { get; set; }
    public string? ResponseId { get; set; }
    public string? ModelId { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public bool CalledTools { get; set; }
    public bool Finished { get; set; }
    public bool SawDone { get; set; }
}

using System.Collections.Immutable;

namespace ModelRegistry;

/// <summary>
/// What is known about one model of one provider, compiled from profile JSON at build time.
/// Field names follow LangChain's <c>ModelProfile</c>; every capability is optional (<see langword="null"/> = unknown).
/// </summary>
public sealed record ModelProfile
{
    /// <summary>The provider the profile belongs to (as declared).</summary>
    public required string Provider { get; init; }

    /// <summary>The model id users load (the key of the profile's <c>models</c> map).</summary>
    public required string Model { get; init; }

    /// <summary>The compatibility options for this model: the provider's, overridden by the profile's.</summary>
    public CompatibilityOptions Compatibility { get; init; } = CompatibilityOptions.Default;

    /// <summary>Other ids that load this model.</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];

    /// <summary>The id sent on the wire when it differs from <see cref="Model"/>.</summary>
    public string? ProviderModelId { get; init; }

    /// <summary>Prices per token, or <see langword="null"/> when unknown.</summary>
    public ModelPricing? Pricing { get; init; }

    /// <summary>The request parameters the model accepts; empty when unknown (nothing is filtered then).</summary>
    public ImmutableArray<string> SupportedParams { get; init; } = [];

    /// <summary>The served quantization (for example <c>fp8</c>), when known.</summary>
    public string? Quantization { get; init; }

    /// <summary>The endpoints this model is routed over; empty for a model served by its provider alone.</summary>
    public ImmutableArray<ModelRoute> Routes { get; init; } = [];

    /// <summary>The models (canonical <c>provider:model</c> ids) tried in order when every route of this one fails before the
    /// first token, or when the prompt is too large for every route; each uses its own routes, limits and circuits.</summary>
    public ImmutableArray<string> Fallbacks { get; init; } = [];

    /// <summary>What the model produces (<c>kind</c>): <see cref="ModelKind.Chat"/> unless the profile says <c>embedding</c>.</summary>
    public ModelKind Kind { get; init; }

    /// <summary>An embedding model's vector length when the request sets none (<c>dimensions</c>).</summary>
    public int? Dimensions { get; init; }

    /// <summary>The most inputs an embedding request may carry (<c>max_batch_size</c>; OpenAI's is 2048): a larger batch is
    /// sent as several requests, whose results are joined in order.</summary>
    public int? MaxBatchSize { get; init; }

    /// <summary>The most input tokens, summed over its inputs, an embedding request may carry (<c>max_batch_tokens</c>;
    /// OpenAI's is 300,000), estimated at four characters a token: a batch over it is split too.</summary>
    public int? MaxBatchTokens { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }
    /// <summary>Lifecycle status (for example <c>deprecated</c>).</summary>
    public string? Status { get; init; }
    /// <summary>Release date as written in the profile.</summary>
    public string? ReleaseDate { get; init; }
    /// <summary>Last update date as written in the profile.</summary>
    public string? LastUpdated { get; init; }
    /// <summary>Whether the weights are open.</summary>
    public bool? OpenWeights { get; init; }
    /// <summary>Context window in tokens.</summary>
    public int? MaxInputTokens { get; init; }
    /// <summary>Output limit in tokens.</summary>
    public int? MaxOutputTokens { get; init; }
    /// <summary>Accepts text input.</summary>
    public bool? TextInputs { get; init; }
    /// <summary>Accepts inline images.</summary>
    public bool? ImageInputs { get; init; }
    /// <summary>Accepts images by URL.</summary>
    public bool? ImageUrlInputs { get; init; }
    /// <summary>Accepts PDF input.</summary>
    public bool? PdfInputs { get; init; }
    /// <summary>Accepts audio input.</summary>
    public bool? AudioInputs { get; init; }
    /// <summary>Accepts video input.</summary>
    public bool? VideoInputs { get; init; }
    /// <summary>Accepts images in tool messages.</summary>
    public bool? ImageToolMessage { get; init; }
    /// <summary>Accepts PDFs in tool messages.</summary>
    public bool? PdfToolMessage { get; init; }
    /// <summary>Returns reasoning text.</summary>
    public bool? ReasoningOutput { get; init; }
    /// <summary>Returns text.</summary>
    public bool? TextOutputs { get; init; }
    /// <summary>Returns images.</summary>
    public bool? ImageOutputs { get; init; }
    /// <summary>Returns audio.</summary>
    public bool? AudioOutputs { get; init; }
    /// <summary>Returns video.</summary>
    public bool? VideoOutputs { get; init; }
    /// <summary>Supports tool calling.</summary>
    public bool? ToolCalling { get; init; }
    /// <summary>Supports <c>tool_choice</c>.</summary>
    public bool? ToolChoice { get; init; }
    /// <summary>Supports structured output.</summary>
    public bool? StructuredOutput { get; init; }
    /// <summary>Supports attachments.</summary>
    public bool? Attachment { get; init; }
    /// <summary>Supports <c>temperature</c>.</summary>
    public bool? Temperature { get; init; }
}

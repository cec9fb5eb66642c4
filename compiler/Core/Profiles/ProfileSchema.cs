using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>
/// The keys a profile file may hold, by object (DESIGN.md, "Profile JSON"): LangChain's <c>ModelProfile</c> fields in
/// snake_case, the gateway seed's names mapped onto them, and the pricing, route and provider keys (the compatibility keys are <see cref="CompatibilityOptionTable"/>'s).
/// </summary>
internal static class ProfileSchema
{
    public const string Provider = "provider";
    public const string Models = "models";
    public const string Providers = "providers";
    public const string CompatibilityOptions = "compatibility_options";
    public const string Schema = "$schema";

    /// <summary>The keys of a file in the wrapped shape; any of the first three marks a JSON file as a profile file.</summary>
    public static readonly string[] FileKeys = { Provider, Models, Providers, CompatibilityOptions, Schema };

    /// <summary>Scalar <c>ModelProfile</c> properties by JSON key, seed names included.</summary>
    public static readonly IReadOnlyDictionary<string, (string Property, ProfileValueKind Kind)> ModelFields =
        new Dictionary<string, (string, ProfileValueKind)>
        {
            ["name"] = ("Name", ProfileValueKind.String),
            ["status"] = ("Status", ProfileValueKind.String),
            ["release_date"] = ("ReleaseDate", ProfileValueKind.String),
            ["last_updated"] = ("LastUpdated", ProfileValueKind.String),
            ["open_weights"] = ("OpenWeights", ProfileValueKind.Boolean),
            ["max_input_tokens"] = ("MaxInputTokens", ProfileValueKind.Integer),
            ["max_output_tokens"] = ("MaxOutputTokens", ProfileValueKind.Integer),
            ["text_inputs"] = ("TextInputs", ProfileValueKind.Boolean),
            ["image_inputs"] = ("ImageInputs", ProfileValueKind.Boolean),
            ["image_url_inputs"] = ("ImageUrlInputs", ProfileValueKind.Boolean),
            ["pdf_inputs"] = ("PdfInputs", ProfileValueKind.Boolean),
            ["audio_inputs"] = ("AudioInputs", ProfileValueKind.Boolean),
            ["video_inputs"] = ("VideoInputs", ProfileValueKind.Boolean),
            ["image_tool_message"] = ("ImageToolMessage", ProfileValueKind.Boolean),
            ["pdf_tool_message"] = ("PdfToolMessage", ProfileValueKind.Boolean),
            ["reasoning_output"] = ("ReasoningOutput", ProfileValueKind.Boolean),
            ["text_outputs"] = ("TextOutputs", ProfileValueKind.Boolean),
            ["image_outputs"] = ("ImageOutputs", ProfileValueKind.Boolean),
            ["audio_outputs"] = ("AudioOutputs", ProfileValueKind.Boolean),
            ["video_outputs"] = ("VideoOutputs", ProfileValueKind.Boolean),
            ["tool_calling"] = ("ToolCalling", ProfileValueKind.Boolean),
            ["tool_choice"] = ("ToolChoice", ProfileValueKind.Boolean),
            ["structured_output"] = ("StructuredOutput", ProfileValueKind.Boolean),
            ["attachment"] = ("Attachment", ProfileValueKind.Boolean),
            ["temperature"] = ("Temperature", ProfileValueKind.Boolean),
            ["provider_model_id"] = ("ProviderModelId", ProfileValueKind.String),
            ["quantization"] = ("Quantization", ProfileValueKind.String),

            // The gateway seed's names.
            ["context_length"] = ("MaxInputTokens", ProfileValueKind.Integer),
            ["max_output_length"] = ("MaxOutputTokens", ProfileValueKind.Integer),
            ["supports_tools"] = ("ToolCalling", ProfileValueKind.Boolean),
            ["supports_structured_output"] = ("StructuredOutput", ProfileValueKind.Boolean),
        };

    /// <summary>The <c>ModelProfile</c> properties a scalar field may set, with their value kinds: derived from
    /// <see cref="ModelFields"/>, so that the parser and the emitter read one table (they used to keep a copy each).</summary>
    public static readonly IReadOnlyDictionary<string, ProfileValueKind> ModelProperties = DistinctProperties();

    public const string Aliases = "aliases";
    public const string Pricing = "pricing";
    public const string SupportedParams = "supported_params";
    public const string Routes = "routes";
    public const string Fallbacks = "fallbacks";
    public const string InputModalities = "input_modalities";
    public const string OutputModalities = "output_modalities";

    /// <summary>The non-scalar model keys.</summary>
    public static readonly string[] ModelStructuredKeys = { CompatibilityOptions, Aliases, Pricing, SupportedParams, Routes, Fallbacks, InputModalities, OutputModalities };

    /// <summary>Input modalities of the gateway seed (and OpenRouter's <c>file</c>, meaning PDF) and the flag each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> InputModalityFlags = new Dictionary<string, string>
    {
        ["text"] = "TextInputs",
        ["image"] = "ImageInputs",
        ["audio"] = "AudioInputs",
        ["video"] = "VideoInputs",
        ["pdf"] = "PdfInputs",
        ["file"] = "PdfInputs",
    };

    public static readonly IReadOnlyDictionary<string, string> OutputModalityFlags = new Dictionary<string, string>
    {
        ["text"] = "TextOutputs",
        ["image"] = "ImageOutputs",
        ["audio"] = "AudioOutputs",
        ["video"] = "VideoOutputs",
    };

    public static readonly string[] PricingKeys = { "prompt", "completion", "input_cache_read", "input_cache_write", "request", "image" };

    public static readonly string[] RouteKeys = { "provider", "base_url", "weight", "local", "provider_model_id", "api_key", "api_keys", "requests_per_minute", "tokens_per_minute", "tokens_per_hour", "tokens_per_day", "max_input_tokens" };

    /// <summary>The keys of one entry of a <c>providers</c> array (compatibility keys may also be written flat).</summary>
    public static readonly string[] ProviderKeys =
    {
        "name", "kind", "base_url", "headers", "profiles", "is_local", "authentication", "api_version", "api_key", CompatibilityOptions,
    };

    /// <summary><c>authentication</c> values and the <c>ModelRegistry.ProviderAuthentication</c> member each names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Authentications = new Dictionary<string, string>
    {
        ["bearer"] = "Bearer",
        ["api_key_header"] = "ApiKeyHeader",
    };

    private static Dictionary<string, ProfileValueKind> DistinctProperties()
    {
        var properties = new Dictionary<string, ProfileValueKind>(System.StringComparer.Ordinal);
        foreach ((string property, ProfileValueKind kind) in ModelFields.Values)
        {
            properties[property] = kind;
        }

        return properties;
    }
}

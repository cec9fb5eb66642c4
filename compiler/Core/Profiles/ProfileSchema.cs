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

            // Embedding models: what the model is, its vector length, and how much one /embeddings request may carry.
            [Kind] = ("Kind", ProfileValueKind.ModelKind),
            ["dimensions"] = ("Dimensions", ProfileValueKind.Integer),
            ["max_batch_size"] = ("MaxBatchSize", ProfileValueKind.Integer),
            ["max_batch_tokens"] = ("MaxBatchTokens", ProfileValueKind.Integer),

            // The gateway seed's names.
            ["context_length"] = ("MaxInputTokens", ProfileValueKind.Integer),
            ["max_output_length"] = ("MaxOutputTokens", ProfileValueKind.Integer),
            ["supports_tools"] = ("ToolCalling", ProfileValueKind.Boolean),
            ["supports_structured_output"] = ("StructuredOutput", ProfileValueKind.Boolean),
        };

    /// <summary>The model key naming what the model produces, and its values (<c>ModelRegistry.ModelKind</c> members by JSON value).</summary>
    public const string Kind = "kind";

    public static readonly IReadOnlyDictionary<string, string> ModelKinds = new Dictionary<string, string>
    {
        ["chat"] = "Chat",
        ["embedding"] = "Embedding",
    };

    /// <summary>The output modality (models.dev's and the gateway seed's lists) that makes a model an embedding model.</summary>
    public const string EmbeddingModality = "embedding";

    /// <summary>Fields that count at least one: a vector length or batch limit of 0 means nothing.</summary>
    public static readonly string[] PositiveIntegerFields = { "Dimensions", "MaxBatchSize", "MaxBatchTokens" };

    /// <summary>Whether the profile of <paramref name="model"/> says it is an embedding model.</summary>
    public static bool IsEmbedding(ModelSpec model)
    {
        foreach (ProfileFieldSpec field in model.Fields)
        {
            if (field.PropertyName == "Kind")
            {
                return field.Value == "Embedding";
            }
        }

        return false;
    }

    /// <summary>The <c>ModelProfile</c> properties a scalar field may set, with their value kinds: derived from
    /// <see cref="ModelFields"/>, so that the parser and the emitter read one table (they used to keep a copy each).</summary>
    public static readonly IReadOnlyDictionary<string, ProfileValueKind> ModelProperties = DistinctProperties();

    public const string Aliases = "aliases";
    public const string Pricing = "pricing";
    public const string SupportedParams = "supported_params";
    public const string Routes = "routes";

    /// <summary>The hybrid-inference seed's name of <see cref="Routes"/> (its <c>models.yaml</c> writes <c>route:</c>).</summary>
    public const string SeedRoutes = "route";

    /// <summary>The model-level endpoint of the seed's single-endpoint form (see <see cref="ModelEndpointKeys"/>).</summary>
    public const string BaseUrl = "base_url";
    public const string ApiKey = "api_key";
    public const string ApiKeys = "api_keys";
    public const string Fallbacks = "fallbacks";
    public const string InputModalities = "input_modalities";
    public const string OutputModalities = "output_modalities";

    /// <summary>The non-scalar model keys.</summary>
    public static readonly string[] ModelStructuredKeys = { CompatibilityOptions, Aliases, Pricing, SupportedParams, Routes, SeedRoutes, Fallbacks, InputModalities, OutputModalities, BaseUrl, ApiKey, ApiKeys };

    /// <summary>Model-level keys of the seed's single-endpoint form: a model without <c>routes</c> gets one route from them;
    /// a model with routes lends them to each route that has no endpoint or key of its own.</summary>
    public static readonly string[] ModelEndpointKeys = { BaseUrl, ApiKey, ApiKeys };

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

    /// <summary>The hybrid-inference seed's pricing names and the key each means.</summary>
    public static readonly IReadOnlyDictionary<string, string> SeedPricingKeys = new Dictionary<string, string>
    {
        ["input_cache_reads"] = "input_cache_read",
        ["input_cache_writes"] = "input_cache_write",
    };

    public static readonly string[] RouteKeys = { "provider", "base_url", "weight", "local", "provider_model_id", "api_key", "api_keys", "requests_per_minute", "tokens_per_minute", "tokens_per_hour", "tokens_per_day", "max_input_tokens" };

    /// <summary>The route key the hybrid-inference seed names <c>provider</c> (its adapter kind).</summary>
    public const string SeedRouteProvider = "kind";

    /// <summary>The seed's <c>optional</c> route flag: accepted (a boolean) and without effect, because every route here is
    /// optional already: one whose key or endpoint is unset is skipped at load and the model serves from the others.</summary>
    public const string SeedOptional = "optional";

    /// <summary>Every key a route may hold, the seed's names included (what did-you-mean searches).</summary>
    public static readonly string[] AllRouteKeys = { "provider", "base_url", "weight", "local", "provider_model_id", "api_key", "api_keys", "requests_per_minute", "tokens_per_minute", "max_input_tokens", SeedRouteProvider, SeedOptional };

    /// <summary>The pricing key that names the unit of its token prices.</summary>
    public const string PricingUnit = "unit";
    public const string PerToken = "per_token";
    public const string PerMillionTokens = "per_million_tokens";

    /// <summary>Every key a pricing object may hold, the seed's names included.</summary>
    public static readonly string[] AllPricingKeys = { "prompt", "completion", "input_cache_read", "input_cache_write", "request", "image", "input_cache_reads", "input_cache_writes", PricingUnit };

    /// <summary>The seed's route <c>kind</c> values that name its generic OpenAI-compatible adapter: with a <c>base_url</c>
    /// such a route is a bare endpoint route; without one it is the built-in <c>openai-compatible</c> provider.</summary>
    public static readonly string[] GenericRouteKinds = { "openai_compat", "openai_compatible", "openai-compatible" };

    /// <summary>The built-in generic provider a generic <c>kind</c> without a <c>base_url</c> names.</summary>
    public const string GenericProvider = "openai-compatible";

    /// <summary>The keys of one entry of a <c>providers</c> array (compatibility keys may also be written flat).</summary>
    public static readonly string[] ProviderKeys =
    {
        "name", "kind", "base_url", "headers", "profiles", "catalog", "is_local", "authentication", "api_version", "api_key", CompatibilityOptions,
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
